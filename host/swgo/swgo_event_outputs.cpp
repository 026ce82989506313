#include "swgo/swgo_event_outputs.hpp"

#include <stdexcept>
#include <string>

#include "backend/cpu_reduce.hpp"
#include "tasks/event_output_cotangents.hpp"
#include "detgrad/swgo/unit_counts.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/swgo_design.hpp"

namespace detgrad::swgo {
namespace {

Layout checked_layout(const std::vector<double>& x, std::size_t units, const char* what) {
  if (x.size() != UnitPacking::size(units))
    throw std::invalid_argument(std::string(what) + " has " + std::to_string(x.size()) + " values, this study " +
                                std::to_string(UnitPacking::size(units)) + " parameters");
  return layout_of(x);
}

// The layout, the source's layout (both outliving the setup, which points into them) and the setup.
struct OutputsSetup {
  Layout layout, source_layout;
  FisherSetup<double> setup;
};

void make_setup(const SwgoConfig& config, const LdfTables<double>& tables, const std::vector<double>& x,
                const tasks::EventOutputOptions& options, OutputsSetup& s) {
  const std::size_t units = x.size() / kUnitFields;
  s.layout = checked_layout(x, units, "the design");
  s.source_layout = options.reference.empty() ? s.layout : checked_layout(options.reference, units, "the reference design");
  s.setup.tables = tables;
  s.setup.source = study_shower_source(config, s.source_layout);
  s.setup.array = {s.layout.x.data(), s.layout.y.data(), int(s.layout.size()), config.unit_area_m2(),
                   config.tanks_per_unit()};
}

}  // namespace

tasks::EventOutputs swgo_event_outputs(const SwgoConfig& config, const LdfTables<double>& tables,
                                       const std::vector<double>& x, const tasks::EventOutputOptions& options) {
  OutputsSetup s;
  make_setup(config, tables, x, options, s);
  const std::uint64_t n = options.events;
  const std::size_t units = s.layout.size();
  // Each shower writes its own entries of every column: no reduction, the same values on any
  // number of threads, and the columns are handed on (to numpy) without a copy.
  tasks::EventOutputs out;
  out.events = n;
  double* shower_columns[kShowerOutputs];
  double* unit_columns[kUnitOutputs];
  for (int c = 0; c < kShowerOutputs; ++c) shower_columns[c] = out.add_column(kShowerOutputNames[c]);
  for (int c = 0; c < kUnitOutputs; ++c) unit_columns[c] = out.add_column(kUnitOutputNames[c], units);
#pragma omp parallel for schedule(dynamic, 16)
  for (std::int64_t e = 0; e < std::int64_t(n); ++e)
    shower_unit_counts(s.setup, options.step, std::uint64_t(e), shower_columns, unit_columns, std::uint64_t(e));
  return out;
}

std::vector<double> swgo_event_outputs_vjp(const SwgoConfig& config, const LdfTables<double>& tables,
                                           const std::vector<double>& x, const tasks::EventOutputOptions& options,
                                           const tasks::EventOutputs& cotangents) {
  OutputsSetup s;
  make_setup(config, tables, x, options, s);
  const std::uint64_t n = options.events;
  const std::size_t units = s.layout.size();
  const std::vector<std::vector<double>> d = tasks::gather_cotangents(
      cotangents, n, {{kShowerOutputNames, kShowerOutputs, 1}, {kUnitOutputNames, kUnitOutputs, units}}, "shower");
  const std::vector<double>& d_shower = d[0];
  const std::vector<double>& d_unit = d[1];
  std::vector<double> total;
  // Blocks of 64 showers (a shower visits every unit): a few thousand showers still spread
  // over the threads.
  cpu_reduce_events(
      0, n, UnitPacking::size(units),
      [&](std::uint64_t e, double* row) {
        shower_unit_counts_adjoint(s.setup, options.step, e, &d_shower[e * kShowerOutputs],
                                   &d_unit[e * units * kUnitOutputs], row);
      },
      total, 64);
  return total;
}

}  // namespace detgrad::swgo
