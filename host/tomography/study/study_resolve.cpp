// resolve_defaults: the defaults that depend on other parts of the study.
#include <algorithm>
#include <cmath>

#include "detgrad/tomography/study_json.hpp"
#include "detgrad/tomography/transport_planes.hpp"
#include "tomography/study/study_validate.hpp"
#include "tomography/tomography_json.hpp"

namespace detgrad {

namespace {

constexpr std::uint64_t save_all_muons_up_to = 1000000;  // above this, muons.csv keeps a sample
constexpr std::uint64_t saved_muon_sample = 100000;

// Unit length. A vector already unit to 1e-12 is kept as it is, so that resolving twice
// (or a to_json / parse_study round trip) changes no bit.
void normalise(std::array<double, 3>& d) {
  const double scale = std::max({std::abs(d[0]), std::abs(d[1]), std::abs(d[2])});
  if (!(scale > 0) || !std::isfinite(scale)) return;  // validate_study rejects it
  const double x = d[0] / scale, y = d[1] / scale, z = d[2] / scale;
  const double norm = std::sqrt(x * x + y * y + z * z) * scale;
  if (std::abs(norm - 1.0) <= 1e-12) return;
  d = {x * scale / norm, y * scale / norm, z * scale / norm};
}

}  // namespace

void resolve_defaults(TomographyStudyConfig& study) {
  const VolumeConfig& volume = study.volume;
  GenerationPlaneConfig& plane = study.source.plane;
  if (!plane.z_given) {
    double z = study_detail::volume_top_m(volume);
    for (const auto& detector_plane : transport_planes(study)) z = std::max(z, detector_plane.z_m);
    plane.z_m = z;
    plane.z_given = true;
  }
  if (plane.x_range_m[0] == plane.x_range_m[1]) {
    plane.x_range_m = {volume.origin_m[0], volume.origin_m[0] + volume.voxels[0] * volume.voxel_size_m[0]};
  }
  if (plane.y_range_m[0] == plane.y_range_m[1]) {
    plane.y_range_m = {volume.origin_m[1], volume.origin_m[1] + volume.voxels[1] * volume.voxel_size_m[1]};
  }
  if (!study.output.save_muons) {
    study.output.save_muons = study.muons <= save_all_muons_up_to ? study.muons : saved_muon_sample;
  }
  normalise(study.source.beam.direction);
  if (study.tomography) tomography::resolve_tomography_defaults(*study.tomography, volume);
}

}  // namespace detgrad
