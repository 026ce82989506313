#include "cli/simulate_tomography.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "output/reconstruction_csv.hpp"
#include "tomography/tomography_json.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad {

using namespace tomography;

nlohmann::json simulate_tomography(const StudyConfig& study, Backend backend, const std::filesystem::path& dir,
                                   RunLog& log) {
  const TomographyModel model(study);
  const DesignParams<double> design = model.initial_design();

  // Per-muon reconstruction of the kept muons (CPU, float), chunk by chunk.
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

  // Loss and gradient over all the study's muons.
  PassOptions options;
  options.muons = study.muons;
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

}  // namespace detgrad
