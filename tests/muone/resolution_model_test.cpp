// The smooth resolution model: its adjoint against central finite differences in double
// (common random numbers: the same events), for every design parameter; and the model's
// limits (no material: the fit terms alone; an event at the edge has acceptance 1/2 per edge).
#include "detgrad/muone/resolution_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

ModelSetup reference_setup() {
  ModelSetup s;
  const StationConfig station = reference_station();
  s.fixed = build_fixed(station, 42);
  s.n_bins = 3;
  const double edges[4] = {0.001, 0.03, 0.1, 0.16};
  for (int i = 0; i < 4; ++i) s.q2_edges_GeV2[i] = edges[i];
  s.softness_m = 2e-3;
  return s;
}

ModelDesign<double> reference_model_design() {
  ModelDesign<double> d;
  d.station = build_design<double>(reference_station());
  // Plausible side matrices: slopes known to ~25 urad from the hits, a few urad GeV of scattering.
  d.in = SideModel<double>{6e-10, 1e-11, 5e-10, 4e-9, 2e-10, 3e-9};
  d.out = SideModel<double>{7e-10, -2e-11, 6e-10, 5e-9, -3e-10, 4e-9};
  return d;
}

// A scalar of the model over events: sum of a W + b W rel with fixed coefficients per bin,
// the shape of the loss's use of the accumulators.
double objective(const ModelSetup& s, const ModelDesign<double>& d, const std::vector<EventTruth<double>>& events) {
  double sum = 0;
  for (const EventTruth<double>& t : events) {
    const EventModel<double> e = model_event(s, d, t);
    if (e.bin < 0) continue;
    sum += (1.0 + e.bin) * e.weight * 1e3 + (3.0 - e.bin) * e.weight * e.rel_var * 1e6;
  }
  return sum;
}

void objective_adjoint(const ModelSetup& s, const ModelDesign<double>& d, const std::vector<EventTruth<double>>& events,
                       ModelDesign<double>& grad) {
  for (const EventTruth<double>& t : events) {
    const EventModel<double> e = model_event(s, d, t);
    if (e.bin < 0) continue;
    model_event_adjoint(s, d, t, (3.0 - e.bin) * 1e6, (1.0 + e.bin) * 1e3, grad);
  }
}

TEST(ResolutionModel, AdjointAgainstFiniteDifferences) {
  const ModelSetup s = reference_setup();
  std::vector<EventTruth<double>> events;
  for (std::uint64_t i = 0; i < 4000; ++i) events.push_back(generate_truth<double>(s, 0, i));
  // Move the beam spot so that some tracks cross the modules' edges (the offsets' gradient).
  for (EventTruth<double>& t : events) t.x_b += 0.035;
  ModelDesign<double> d = reference_model_design();
  ModelDesign<double> grad{};
  objective_adjoint(s, d, events, grad);

  // Steps: 1 um for lengths (the soft edges are 2 mm wide), 1e-5 relative for the matrices.
  struct Parameter { const char* name; double* value; double* adjoint; };
  std::vector<Parameter> params;
  for (int m = 0; m < s.fixed.n_modules; ++m) {
    params.push_back({"module z", &d.station.module[m].z, &grad.station.module[m].z});
    params.push_back({"module offset", &d.station.module[m].offset, &grad.station.module[m].offset});
  }
  params.push_back({"target z", &d.station.target.z, &grad.station.target.z});
  params.push_back({"target thickness", &d.station.target.thickness, &grad.station.target.thickness});
  for (SideModel<double>* side : {&d.in, &d.out}) {
    SideModel<double>* g = side == &d.in ? &grad.in : &grad.out;
    for (auto [v, a] : {std::pair{&side->cxx, &g->cxx}, {&side->cxy, &g->cxy}, {&side->cyy, &g->cyy},
                        {&side->mxx, &g->mxx}, {&side->mxy, &g->mxy}, {&side->myy, &g->myy}})
      params.push_back({"side matrix", v, a});
  }
  const double scale = std::fabs(objective(s, d, events));
  int checked = 0;
  for (const Parameter& p : params) {
    const double keep = *p.value;
    const bool length = std::string(p.name) != "side matrix";
    const double h = length ? 1e-6 : (std::fabs(keep) + 1e-9) * 1e-5;  // 1e-9: the matrices' scale
    *p.value = keep + h;
    const double up = objective(s, d, events);
    *p.value = keep - h;
    const double down = objective(s, d, events);
    *p.value = keep;
    const double fd = (up - down) / (2 * h);
    // Non-negligible: a relative change of the objective above 1e-9 per unit relative step.
    if (std::fabs(fd) * (length ? 0.01 : std::fabs(keep)) < 1e-7 * scale) continue;
    ++checked;
    EXPECT_NEAR(*p.adjoint, fd, 1e-4 * std::fabs(fd)) << p.name << " at " << keep;
  }
  std::printf("checked %d of %zu parameters with a non-negligible derivative\n", checked, params.size());
  EXPECT_GT(checked, 30);
}

TEST(ResolutionModel, LimitsOfTheModel) {
  ModelSetup s = reference_setup();
  s.fixed.beam.momentum_sigma_GeV = 0.0;  // no beam-energy term
  ModelDesign<double> d = reference_model_design();
  d.station.target.thickness = 1e-12;  // no target material
  d.in = SideModel<double>{1e-9, 0, 1e-9, 0, 0, 0};
  d.out = SideModel<double>{2e-9, 0, 2e-9, 0, 0, 0};
  const EventTruth<double> t = generate_truth<double>(s, 0, 5);
  const EventModel<double> e = model_event(s, d, t);
  // V_in = 1e-9, V_e = V_mu = 3e-9 (isotropic), cov = -1e-9 (up to the 1e-12 m target).
  EXPECT_NEAR(e.var_q2_e * t.j_e * t.j_e, 3e-9, 1e-13);
  EXPECT_NEAR(e.var_q2 / combined_q2_variance(3e-9, 3e-9, -1e-9, t.j_e, t.j_mu), 1.0, 1e-4);
  // Acceptance: 1/2 on one edge.
  ModuleFixed m = s.fixed.module[0];
  ModuleDesign<double> md{0.0, 0.0, 1e-5};
  EXPECT_NEAR(module_acceptance(m, md, double(m.half_size), 0.0, 1e-3), 0.5, 1e-4);
}

}  // namespace
}  // namespace detgrad::muone
