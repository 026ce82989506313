// MuoneStudy::event_table: the columns of events.csv (muone_simulate.cpp) for the study's first
// events at its initial design, without a file (double, CPU: the backend is not used).
#include <cmath>
#include <limits>

#include "detgrad/muone/reconstruction.hpp"
#include "muone/muone_model.hpp"
#include "muone/muone_study.hpp"
#include "muone/side_model.hpp"

namespace detgrad::muone {

tasks::EventTable MuoneStudy::event_table(std::uint64_t events, Backend backend) const {
  (void)backend;
  const MuoneModel model(study_);
  const ModelSetup& setup = model.setup();
  ModelDesign<double> d{};
  d.station = model.unflatten(model.initial());
  fill_side_models(setup.fixed, d);
  tasks::EventTable table;
  table.names = {"event", "weight", "beam_momentum_GeV", "vertex_z_m", "q2_true_GeV2", "theta_e_true_rad",
                 "theta_mu_true_rad", "electron_momentum_GeV", "reconstructed", "vertex_z_reco_m", "theta_e_rad",
                 "theta_mu_rad", "sigma_theta_e_rad", "sigma_theta_mu_rad", "q2_electron_GeV2", "q2_muon_GeV2",
                 "q2_GeV2", "sigma_q2_GeV2"};
  table.columns.assign(table.names.size(), std::vector<double>(events));
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
#pragma omp parallel for schedule(dynamic, 256)
  for (std::int64_t i = 0; i < std::int64_t(events); ++i) {
    const std::uint64_t e = std::uint64_t(i);
    SimulatedEvent<double> ev;
    simulate_event(setup.fixed, d.station, 0, e, ev);
    Reconstruction<double> r;
    reconstruct_event(setup, d, ev, r);
    const double values[] = {double(e), ev.weight, ev.beam.momentum, ev.vertex_z, ev.interaction.q2,
                             std::atan(ev.tan_electron), std::atan(ev.tan_muon), ev.electron_momentum,
                             r.ok ? 1.0 : 0.0,
                             r.ok ? r.vertex_z : none, r.ok ? r.theta_e : none, r.ok ? r.theta_mu : none,
                             r.ok ? std::sqrt(r.var_theta_e) : none, r.ok ? std::sqrt(r.var_theta_mu) : none,
                             r.ok ? r.q2_e : none, r.ok ? r.q2_mu : none, r.ok ? r.q2 : none,
                             r.ok ? std::sqrt(r.var_q2) : none};
    for (std::size_t c = 0; c < table.names.size(); ++c) table.columns[c][e] = values[c];
  }
  return table;
}

}  // namespace detgrad::muone
