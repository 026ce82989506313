// detgrad simulate: transport a study's muons and write summary.json, muons.csv, the
// resolved study and a log into the run directory.
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "backend/backend.hpp"
#include "cli/commands.hpp"
#include "cli/simulate_tomography.hpp"
#include "detgrad/study/study_json.hpp"
#include "output/muon_csv.hpp"
#include "output/progress.hpp"
#include "output/run_log.hpp"
#include "transport/transport_model.hpp"
#include "transport/transport_run.hpp"

namespace detgrad {
namespace {

// The study file (validated and resolved) with the command line's overrides, validated
// again: an override is checked like the file's own values, and the resolved study that
// the run directory records must itself be a valid study.
StudyConfig load_with_overrides(const CliOptions& o) {
  StudyConfig study = load_study_file(o.study_path);
  // A save_muons equal to the default for the file's muon count follows --muons (an
  // explicit value that happens to equal that default is taken as the default).
  StudyConfig file_defaults = study;
  file_defaults.output.save_muons.reset();
  resolve_defaults(file_defaults);
  const bool save_muons_is_default = study.output.save_muons == file_defaults.output.save_muons;
  if (o.muons) study.muons = *o.muons;
  if (o.seed) study.seed = *o.seed;
  if (o.backend) study.backend = parse_backend(*o.backend);
  if (o.save_muons) study.output.save_muons = *o.save_muons;
  else if (o.muons && save_muons_is_default) study.output.save_muons.reset();
  resolve_defaults(study);
  validate_study(study);
  return study;
}

nlohmann::json summary_json(const StudyConfig& study, const TransportModel& model, const BackendChoice& choice,
                            const TransportRunResult& run) {
  const TransportCounts& c = run.counts;
  nlohmann::json j;
  j["study"] = study.name;
  j["seed"] = study.seed;
  j["backend"] = backend_name(choice.backend);
  j["backend_detail"] = choice.reason;
  j["muons_generated"] = c.generated;
  j["muons_transported"] = c.generated - c.lost;
  j["muons_entered_volume"] = c.entered_volume;
  j["muons_stopped"] = c.stopped;
  j["muons_left_through_side"] = c.left_through_side;
  j["muons_reached_bottom"] = c.reached_bottom;
  j["muons_lost"] = c.lost;
  j["muons_saved"] = std::min<std::uint64_t>(*study.output.save_muons, c.generated);
  j["source"] = study.source.kind == SourceKind::cosmic ? "cosmic" : "beam";
  j["generation_area_m2"] = model.generation_area_m2();
  if (study.source.kind == SourceKind::cosmic) j["exposure_seconds"] = model.exposure_seconds(double(c.generated));
  else j["exposure_seconds"] = nullptr;
  j["wall_seconds"] = run.wall_seconds;
  j["muons_per_second"] = run.wall_seconds > 0 ? double(c.generated) / run.wall_seconds : 0.0;
  return j;
}

void write_json(const std::filesystem::path& path, const nlohmann::json& j) {
  std::ofstream out(path);
  out << j.dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int run_simulate(const CliOptions& o) {
  const StudyConfig study = load_with_overrides(o);
  const TransportModel model(study);                       // may still reject the study
  const BackendChoice choice = choose_backend(study.backend);
  // The study is accepted: only now is anything written.
  const std::filesystem::path dir(*o.out_dir);
  std::filesystem::create_directories(dir);
  RunLog log(dir / "log.txt");
  log.info("detgrad simulate " + o.study_path + " -> " + dir.string());
  log.info(choice.reason);
  write_json(dir / "study.json", to_json(study));

  MuonCsvWriter csv((dir / "muons.csv").string(), model.plane_names());
  ProgressReporter progress("simulate", "muons");
  TransportRunOptions options;
  options.muons = study.muons;
  options.tracks_to_keep = *study.output.save_muons;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
  const TransportRunResult run = run_transport(model, choice.backend, options,
      [&](std::uint64_t first, const MuonTrack<float>* tracks, std::uint64_t count) { csv.write(first, tracks, count); });
  progress.finish();
  csv.close();

  nlohmann::json summary = summary_json(study, model, choice, run);
  if (study.tomography) summary["tomography"] = simulate_tomography(study, choice.backend, dir, log);
  write_json(dir / "summary.json", summary);
  log.info("transported " + std::to_string(run.counts.generated) + " muons in " + std::to_string(run.wall_seconds) +
           " s (" + std::to_string(summary["muons_per_second"].get<double>()) + " muons/s); " +
           std::to_string(run.counts.stopped) + " stopped; outputs in " + dir.string());
  return 0;
}

int run_validate(const CliOptions& o) {
  const StudyConfig study = [&] {
    StudyConfig s = load_study_file(o.study_path);
    resolve_defaults(s);
    return s;
  }();
  const TransportModel model(study);
  std::printf("%s: valid study \"%s\": %llu muons, %d x %d x %d voxels, %zu planes\n", o.study_path.c_str(),
              study.name.c_str(), (unsigned long long)study.muons, study.volume.voxels[0], study.volume.voxels[1],
              study.volume.voxels[2], model.plane_names().size());
  return 0;
}

}  // namespace detgrad
