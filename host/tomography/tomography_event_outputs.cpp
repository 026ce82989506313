// TomographyStudy::event_outputs and event_outputs_vjp: every muon's inferred quantities
// (include/detgrad/tomography/muon_outputs.hpp) at a design, in double on the CPU, and their
// vector-Jacobian product onto the design. The setup is the optimisation step's
// (optimisation model, the study's volume); the transport's reference planes are the panel
// heights of options.reference (default: the design itself), held fixed like the
// gradient check's.
#include <stdexcept>
#include <string>

#include "backend/cpu_reduce.hpp"
#include "tasks/event_output_cotangents.hpp"
#include "detgrad/tomography/muon_outputs.hpp"
#include "tomography/tomography_model.hpp"
#include "tomography/tomography_study.hpp"

namespace detgrad::tomography {
namespace {

DesignParams<double> design_of(const TomographyModel& model, const std::vector<double>& x, const char* what) {
  const std::size_t n = model.flatten(model.initial_design()).size();
  if (x.size() != n)
    throw std::invalid_argument(std::string(what) + " has " + std::to_string(x.size()) + " values, this study " +
                                std::to_string(n) + " parameters");
  return model.unflatten(x);
}

TomographySetup outputs_setup(const TomographyModel& model, const DesignParams<double>& design,
                              const tasks::EventOutputOptions& options) {
  const DesignParams<double> reference =
      options.reference.empty() ? design : design_of(model, options.reference, "the reference design");
  return model.setup(options.step, DetectorModel::optimisation, reference);
}

}  // namespace

std::shared_ptr<const TomographyModel> TomographyStudy::outputs_model() const {
  const std::lock_guard<std::mutex> lock(outputs_model_mutex_);
  if (!outputs_model_) outputs_model_ = std::make_shared<const TomographyModel>(study_);
  return outputs_model_;
}

tasks::EventOutputs TomographyStudy::event_outputs(const std::vector<double>& x,
                                                   const tasks::EventOutputOptions& options) const {
  require_tomography("event_outputs");
  const std::shared_ptr<const TomographyModel> shared = outputs_model();
  const TomographyModel& model = *shared;
  const DesignParams<double> design = design_of(model, x, "the design");
  const TomographySetup setup = outputs_setup(model, design, options);
  const std::uint64_t n = options.events;
  // Each muon writes its own entry of every column: no reduction, so the values do not
  // depend on the threads, and the columns are handed on (to numpy) without a copy.
  tasks::EventOutputs out;
  out.events = n;
  double* columns[kMuonOutputs];
  for (int c = 0; c < kMuonOutputs; ++c) columns[c] = out.add_column(kMuonOutputNames[c]);
#pragma omp parallel for schedule(dynamic, 256)
  for (std::int64_t e = 0; e < std::int64_t(n); ++e)
    muon_outputs_to_columns(setup, design, std::uint64_t(e), columns, std::uint64_t(e));
  return out;
}

std::vector<double> TomographyStudy::event_outputs_vjp(const std::vector<double>& x,
                                                       const tasks::EventOutputOptions& options,
                                                       const tasks::EventOutputs& cotangents) const {
  require_tomography("event_outputs_vjp");
  const std::shared_ptr<const TomographyModel> shared = outputs_model();
  const TomographyModel& model = *shared;
  const DesignParams<double> design = design_of(model, x, "the design");
  const TomographySetup setup = outputs_setup(model, design, options);
  const std::uint64_t n = options.events;
  // The cotangents as one muon-major block (absent columns: 0).
  const std::vector<double> d_rows =
      tasks::gather_cotangents(cotangents, n, {{kMuonOutputNames, kMuonOutputs, 1}}, "muon")[0];
  const int panels = model.panel_count();
  std::vector<double> total;
  cpu_reduce_events(0, n, PanelPacking::size(std::size_t(panels)), [&](std::uint64_t e, double* row) {
    DesignParams<double> d{};
    muon_outputs_adjoint(setup, design, e, &d_rows[e * kMuonOutputs], d);
    for (int i = 0; i < panels; ++i)
      for (int k = 0; k < kPanelFields; ++k) row[PanelPacking::index(std::size_t(i), k)] += panel_field(d.panel[i], k);
  }, total);
  return total;
}

}  // namespace detgrad::tomography
