#include "muone/muone_simulate.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "backend/ranks.hpp"
#include "detgrad/muone/reconstruction.hpp"
#include "muone/alignment_data.hpp"
#include "muone/side_model.hpp"

namespace detgrad::muone {

namespace {

void write_events_csv(const MuoneModel& model, const std::filesystem::path& file) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  const ModelSetup& setup = model.setup();
  ModelDesign<double> d{};
  d.station = model.unflatten(model.initial());
  fill_side_models(setup.fixed, d);
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "event,weight,beam_momentum_GeV,vertex_z_m,q2_true_GeV2,theta_e_true_rad,theta_mu_true_rad,"
         "electron_momentum_GeV,reconstructed,vertex_z_reco_m,theta_e_rad,theta_mu_rad,sigma_theta_e_rad,"
         "sigma_theta_mu_rad,q2_electron_GeV2,q2_muon_GeV2,q2_GeV2,sigma_q2_GeV2\n";
  char line[1024];
  for (std::uint64_t e = 0; e < model.study().save_events; ++e) {
    SimulatedEvent<double> ev;
    simulate_event(setup.fixed, d.station, 0, e, ev);
    Reconstruction<double> r;
    reconstruct_event(setup, d, ev, r);
    std::snprintf(line, sizeof line, "%llu,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%d", (unsigned long long)e, ev.weight,
                  ev.beam.momentum, ev.vertex_z, ev.interaction.q2, std::atan(ev.tan_electron), std::atan(ev.tan_muon),
                  ev.electron_momentum, r.ok ? 1 : 0);
    out << line;
    if (r.ok) {
      std::snprintf(line, sizeof line, ",%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", r.vertex_z, r.theta_e,
                    r.theta_mu, std::sqrt(r.var_theta_e), std::sqrt(r.var_theta_mu), r.q2_e, r.q2_mu, r.q2,
                    std::sqrt(r.var_q2));
      out << line;
    } else {
      out << ",,,,,,,,,\n";
    }
  }
}

}  // namespace

void write_resolution_csv(const MuoneEvaluation& e, const std::filesystem::path& file) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "q2_lo_GeV2,q2_hi_GeV2,events,weight,relative_resolution,relative_resolution_electron,"
         "relative_resolution_muon,mean_relative_error,predicted_relative_resolution,vertex_events_fitted,"
         "vertex_relative_resolution,vertex_relative_resolution_electron,vertex_relative_resolution_muon,"
         "vertex_mean_relative_error\n";
  char line[512];
  for (const BinResolution& b : e.bins) {
    std::snprintf(line, sizeof line, "%.9g,%.9g,%.0f,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.0f,%.9g,%.9g,%.9g,%.9g\n", b.q2_lo,
                  b.q2_hi, b.events, b.weight, b.independent.rms, b.independent.rms_electron, b.independent.rms_muon, b.independent.mean, b.predicted, b.vertex_fitted,
                  b.vertex.rms, b.vertex.rms_electron, b.vertex.rms_muon, b.vertex.mean);
    out << line;
  }
}

nlohmann::json true_alignment_json(const MuoneStudyConfig& study) {
  const StationAlignment<double> a = true_alignment(study.misalignment, study.station);
  nlohmann::json modules = nlohmann::json::array();
  for (std::size_t i = 0; i < study.station.modules.size(); ++i) {
    nlohmann::json m = {{"name", study.station.modules[i].name}};
    for (int p = 0; p < 7; ++p) m[kModuleParameterKeys[p]] = module_parameter(a.module[i], p);
    modules.push_back(m);
  }
  return {{"modules", modules},
          {"target", {{"dz_m", a.target.dz}, {"tilt_x_rad", a.target.tilt_x}, {"tilt_y_rad", a.target.tilt_y}}}};
}

nlohmann::json simulate_muone(const MuoneModel& model, const std::filesystem::path& dir) {
  nlohmann::json alignment = nullptr;
  if (model.study().misalignment.present) {
    // The recorded hits of the misaligned station (detgrad align's input) and its truth.
    const AlignmentSample s = write_alignment_hits(model.study(), model.study().events, dir / "hits.csv");
    if (ranks::is_root()) {
      std::ofstream truth(dir / "alignment_truth.json");
      truth << true_alignment_json(model.study()).dump(2) << "\n";
    }
    alignment = {{"elastic_events", s.elastic_events}, {"beam_muons", s.beam_muons}};
  }
  write_events_csv(model, dir / "events.csv");
  const MuoneEvaluation e = evaluate_layout(model, model.initial(), model.study().events);
  write_resolution_csv(e, dir / "resolution.csv");
  nlohmann::json summary = {{"events", model.study().events}, {"saved_events", model.study().save_events},
                            {"evaluation", evaluation_json(e)}};
  if (!alignment.is_null()) summary["alignment_hits"] = alignment;
  return summary;
}

}  // namespace detgrad::muone
