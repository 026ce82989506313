#pragma once
// Small studies built in code for transport tests.
#include <string>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad::test {

// A mono-energetic pencil beam, straight down, through one uniform slab of `material`,
// `thickness_m` thick and 100 m wide (one voxel), in vacuum.
inline TomographyStudyConfig slab_study(const std::string& material, double thickness_m, double momentum_GeV,
                              double max_step_m, bool energy_loss) {
  TomographyStudyConfig s;
  s.name = "slab";
  s.world = "vacuum";
  s.volume.origin_m = {-50.0, -50.0, 0.0};
  s.volume.voxel_size_m = {100.0, 100.0, thickness_m};
  s.volume.voxels = {1, 1, 1};
  s.volume.fill = material;
  s.source.kind = SourceKind::beam;
  s.source.beam.momentum_GeV = momentum_GeV;
  s.source.beam.spot_centre_m = {0.0, 0.0};
  s.source.plane.z_m = thickness_m + 0.01;
  s.source.plane.x_range_m = {-50.0, 50.0};
  s.source.plane.y_range_m = {-50.0, 50.0};
  s.transport.max_step_m = max_step_m;
  s.transport.energy_loss = energy_loss;
  s.output.save_muons = 0;
  return s;
}

}  // namespace detgrad::test
