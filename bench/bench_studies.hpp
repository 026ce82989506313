#pragma once
// The studies the benchmarks run, loaded once per program:
//   hello_world   configs/tomography/hello_world.json: 1 x 1 x 0.6 m of beryllium with a
//                 lead block, 10 x 10 x 6 voxels, 8 panels; the study's own volume;
//   ladle_furnace configs/tomography/ladle_furnace.json: 10 x 10 x 10 voxels, 8 panels;
//                 its volume is generated, so the passes use the first training volume of
//                 step 0 (steel walls and bottom, liquid steel up to the fill height, slag,
//                 air), as an optimisation step does; the study's own volume is air.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "detgrad/tomography/study_json.hpp"
#include "tomography/tomography_model.hpp"

namespace detgrad::bench {

inline TomographyStudyConfig load_bench_study(const std::string& name) {
  return load_study_file(std::string(DETGRAD_SOURCE_DIR) + "/configs/tomography/" + name + ".json");
}

struct BenchStudy {
  explicit BenchStudy(const std::string& study_name) : name(study_name), model(load_bench_study(study_name)) {
    const std::vector<tomography::TomographyVolume> training = model.training_volumes(0);
    if (!training.empty()) volume = training.front();
  }
  // For PassOptions::volume: the generated volume, or null for the study's own.
  const tomography::TomographyVolume* pass_volume() const { return volume ? &*volume : nullptr; }

  std::string name;
  tomography::TomographyModel model;
  std::optional<tomography::TomographyVolume> volume;
};

inline const BenchStudy& bench_study(const std::string& name) {
  static std::map<std::string, std::unique_ptr<BenchStudy>> loaded;
  std::unique_ptr<BenchStudy>& study = loaded[name];
  if (!study) study = std::make_unique<BenchStudy>(name);
  return *study;
}

}  // namespace detgrad::bench
