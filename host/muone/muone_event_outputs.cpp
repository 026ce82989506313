// MuoneStudy::event_outputs and event_outputs_vjp: every event's modelled resolution
// quantities (include/detgrad/muone/event_model_outputs.hpp) at a design, in double on the
// CPU, and their vector-Jacobian product onto the design through the side models' adjoint
// (side_model.hpp). The events' truth does not depend on the design: options.reference is
// not used.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "backend/cpu_reduce.hpp"
#include "tasks/event_output_cotangents.hpp"
#include "detgrad/muone/event_model_outputs.hpp"
#include "muone/muone_model.hpp"
#include "muone/muone_study.hpp"
#include "muone/side_model.hpp"

namespace detgrad::muone {
namespace {

ModelDesign<double> model_design(const MuoneModel& model, const std::vector<double>& x) {
  const std::size_t n = model.initial().size();
  if (x.size() != n)
    throw std::invalid_argument("the design has " + std::to_string(x.size()) + " values, this study " +
                                std::to_string(n) + " parameters");
  ModelDesign<double> d{};
  d.station = model.unflatten(x);
  if (!fill_side_models(model.setup().fixed, d))
    throw std::invalid_argument("the design's modules do not fix a line on each side of the target");
  return d;
}

}  // namespace

tasks::EventOutputs MuoneStudy::event_outputs(const std::vector<double>& x, const tasks::EventOutputOptions& options) const {
  const MuoneModel model(study_);
  const ModelDesign<double> d = model_design(model, x);
  const std::uint64_t n = options.events;
  // Each event writes its own entry of every column: the same values on any number of
  // threads, handed on (to numpy) without a copy.
  tasks::EventOutputs out;
  out.events = n;
  double* columns[kEventOutputs];
  for (int c = 0; c < kEventOutputs; ++c) columns[c] = out.add_column(kEventOutputNames[c]);
#pragma omp parallel for schedule(dynamic, 256)
  for (std::int64_t e = 0; e < std::int64_t(n); ++e)
    event_model_outputs(model.setup(), d, options.step, std::uint64_t(e), columns, std::uint64_t(e));
  return out;
}

std::vector<double> MuoneStudy::event_outputs_vjp(const std::vector<double>& x, const tasks::EventOutputOptions& options,
                                                  const tasks::EventOutputs& cotangents) const {
  const MuoneModel model(study_);
  const ModelDesign<double> d = model_design(model, x);
  const std::uint64_t n = options.events;
  const std::vector<double> d_rows =
      tasks::gather_cotangents(cotangents, n, {{kEventOutputNames, kEventOutputs, 1}}, "event")[0];
  const std::size_t row = std::size_t(model_parameter_count<double>());
  std::vector<double> total;
  cpu_reduce_events(0, n, row, [&](std::uint64_t e, double* r) {
    ModelDesign<double> g{};
    event_model_outputs_adjoint(model.setup(), d, options.step, e, &d_rows[e * kEventOutputs], g);
    const double* v = flat(g);
    for (std::size_t i = 0; i < row; ++i) r[i] += v[i];
  }, total);
  ModelDesign<double> g{};
  std::copy_n(total.begin(), std::min(total.size(), row), flat(g));
  side_models_adjoint(model.setup().fixed, d, g);
  return model.flatten(g.station);
}

}  // namespace detgrad::muone
