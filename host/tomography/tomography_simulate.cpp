#include "tomography/tomography_simulate.hpp"

#include <algorithm>
#include <optional>
#include <chrono>
#include <vector>

#include "backend/ranks.hpp"
#include "tomography/output/muon_csv.hpp"
#include "output/progress.hpp"
#include "tomography/output/reconstruction_csv.hpp"
#include "tomography/tomography_json.hpp"
#include "tomography/tomography_passes.hpp"
#include "tomography/transport/transport_model.hpp"
#include "tomography/transport/transport_run.hpp"

namespace detgrad::tomography {

namespace {

// What each muon counter of summary.json counts. The flags overlap: a muon that left the
// volume through a side goes on and may still cross every plane below it.
const nlohmann::json& counter_meanings() {
  static const nlohmann::json meanings = {
      {"muons_generated", "muons drawn from the source"},
      {"muons_transported", "muons_generated - muons_lost"},
      {"muons_entered_volume", "muons whose path entered the voxel volume (the others missed it)"},
      {"muons_stopped", "muons that ranged out (kinetic energy below transport.min_kinetic_GeV), anywhere"},
      {"muons_left_through_side",
       "muons that left the voxel volume through a side face; a subset of muons_entered_volume, and such a muon goes "
       "on, so it is usually counted in muons_reached_bottom too"},
      {"muons_reached_bottom", "muons that crossed every detector plane and the bottom of the volume's z range alive"},
      {"muons_lost", "muons that turned upward or exceeded the step limit"},
      {"adds_up", "muons_generated = muons_reached_bottom + muons_stopped + muons_lost"}};
  return meanings;
}

nlohmann::json transport_summary(const TomographyStudyConfig& study, const TransportModel& model, const TransportRunResult& run) {
  const TransportCounts& c = run.counts;
  nlohmann::json j;
  j["muons_generated"] = c.generated;
  j["muons_transported"] = c.generated - c.lost;
  j["muons_entered_volume"] = c.entered_volume;
  j["muons_stopped"] = c.stopped;
  j["muons_left_through_side"] = c.left_through_side;
  j["muons_reached_bottom"] = c.reached_bottom;
  j["muons_lost"] = c.lost;
  j["muon_counters"] = counter_meanings();
  j["muons_saved"] = std::min<std::uint64_t>(*study.output.save_muons, c.generated);
  j["source"] = study.source.kind == SourceKind::cosmic ? "cosmic" : "beam";
  j["generation_area_m2"] = model.generation_area_m2();
  if (study.source.kind == SourceKind::cosmic) j["exposure_seconds"] = model.exposure_seconds(double(c.generated));
  else j["exposure_seconds"] = nullptr;
  j["transport_seconds"] = run.wall_seconds;
  j["muons_per_second"] = run.wall_seconds > 0 ? double(c.generated) / run.wall_seconds : 0.0;
  return j;
}

void write_reconstruction(const TomographyStudyConfig& study, const TomographyModel& model, const DesignParams<double>& design,
                          const std::filesystem::path& dir) {
  const TomographySetup setup = model.setup(0, DetectorModel::optimisation, design);
  const DesignParams<float> design_f = design_as<float>(design);
  ReconstructionCsvWriter csv((dir / "reconstruction.csv").string(), model.panel_names());
  const std::uint64_t keep = std::min<std::uint64_t>(*study.output.save_muons, study.muons);
  constexpr std::uint64_t kChunk = 1u << 15;
  std::vector<MuonInference<float>> buffer(std::min(keep, kChunk));
  for (std::uint64_t first = 0; first < keep; first += kChunk) {
    const std::int64_t n = std::int64_t(std::min(kChunk, keep - first));
#pragma omp parallel for schedule(dynamic, 256)
    for (std::int64_t i = 0; i < n; ++i) infer_muon(setup, design_f, first + std::uint64_t(i), buffer[std::size_t(i)]);
    for (std::int64_t i = 0; i < n; ++i) csv.write(first + std::uint64_t(i), buffer[std::size_t(i)]);
  }
  csv.close();
}

nlohmann::json reconstruct_and_differentiate(const TomographyStudyConfig& study, Backend backend, const std::filesystem::path& dir,
                                             RunLog& log) {
  const TomographyModel model(study);
  const DesignParams<double> design = model.initial_design();

  // Per-muon reconstruction of the kept muons (CPU, float), chunk by chunk; by rank 0 alone
  // in an MPI run.
  if (ranks::is_root()) write_reconstruction(study, model, design, dir);


  // Loss and gradient over all the study's muons.
  PassOptions options;
  options.events = study.muons;
  options.backend = backend;
  const auto start = std::chrono::steady_clock::now();
  const LossAndGradient result = evaluate(model, design, options, true);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log.info("tomography: loss " + std::to_string(result.terms.total) + " (" + loss_name(model.config().loss) + " " +
           std::to_string(result.terms.task) + ", budget " + std::to_string(result.terms.budget) + "), cost " +
           std::to_string(result.terms.cost) + "; forward + adjoint " + std::to_string(seconds) + " s");

  nlohmann::json j;
  j["loss"] = result.terms.total;
  j["loss_kind"] = loss_name(model.config().loss);
  j["loss_task"] = result.terms.task;
  if (model.config().loss == TomographyLoss::dense_material) j["dense_probability"] = result.terms.dense_probability;
  if (model.config().loss == TomographyLoss::fill_height) {
    j["fill_height_m"] = result.terms.fill_height_m;
    j["true_fill_height_m"] = result.terms.true_fill_height_m;
  }
  j["loss_budget"] = result.terms.budget;
  j["cost"] = result.terms.cost;
  j["usable_muons"] = result.terms.usable_muons;
  j["informed_voxels"] = result.terms.informed_voxels;
  j["forward_adjoint_seconds"] = seconds;
  j["forward_adjoint_muons_per_second"] = seconds > 0 ? double(study.muons) / seconds : 0.0;
  const std::vector<std::string> names = model.parameter_names();
  for (std::size_t i = 0; i < names.size(); ++i) j["gradient"][names[i]] = result.gradient[i];
  std::vector<double> x0(result.estimate.x0_m);
  for (std::size_t v = 0; v < x0.size(); ++v) j["voxel_x0_m"].push_back(result.estimate.informed[v] ? x0[v] : 0.0);
  j["voxel_x0_true_m"] = model.true_x0_m();
  return j;
}

}  // namespace

nlohmann::json simulate_study(const TomographyStudyConfig& study, const tasks::RunContext& run) {
  const TransportModel model(study);
  // In an MPI run rank 0 writes muons.csv; every rank transports every muon (the transport
  // counters are not split over the ranks; the loss and gradient passes below are).
  std::optional<MuonCsvWriter> csv;
  if (ranks::is_root()) csv.emplace((run.dir / "muons.csv").string(), model.plane_names());
  ProgressReporter progress("simulate", "muons");
  TransportRunOptions options;
  options.muons = study.muons;
  options.tracks_to_keep = *study.output.save_muons;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  const TransportRunResult result = run_transport(model, run.backend, options,
      [&](std::uint64_t first, const MuonTrack<float>* tracks, std::uint64_t count) {
        if (csv) csv->write(first, tracks, count);
      });
  progress.finish();
  if (csv) csv->close();
  nlohmann::json summary = transport_summary(study, model, result);
  run.log->info("transported " + std::to_string(result.counts.generated) + " muons in " +
                std::to_string(result.wall_seconds) + " s (" + std::to_string(summary["muons_per_second"].get<double>()) +
                " muons/s); " + std::to_string(result.counts.stopped) + " stopped");
  if (study.tomography) summary["tomography"] = reconstruct_and_differentiate(study, run.backend, run.dir, *run.log);
  return summary;
}

}  // namespace detgrad::tomography
