// validate_study, the source section: cosmic or beam parameters and the generation plane.
#include <algorithm>
#include <cmath>

#include "tomography/study/study_validate.hpp"
#include "study/value_checks.hpp"

namespace detgrad::study_detail {

namespace {

void validate_cosmic(const CosmicConfig& cosmic) {
  const auto& range = cosmic.momentum_range_GeV;
  require_range("source.momentum_range_GeV", range[0], range[1], "GeV");
  require_positive("source.momentum_range_GeV[0]", range[0], "GeV");
  require_finite("source.zenith_max_deg", cosmic.zenith_max_deg, "deg");
  if (!(cosmic.zenith_max_deg > 0 && cosmic.zenith_max_deg <= 90)) {
    fail("source.zenith_max_deg", with_unit(cosmic.zenith_max_deg, "deg") + ": expected an angle in (0, 90] deg");
  }
  require_positive("source.charge_ratio", cosmic.charge_ratio, "");
}

void validate_beam(const BeamConfig& beam) {
  require_positive("source.momentum_GeV", beam.momentum_GeV, "GeV");
  require_non_negative("source.momentum_sigma_GeV", beam.momentum_sigma_GeV, "GeV");
  const auto& d = beam.direction;
  for (int k = 0; k < 3; ++k) require_finite("source.direction[" + std::to_string(k) + "]", d[k], "");
  const std::string shown = "[" + format_number(d[0]) + ", " + format_number(d[1]) + ", " + format_number(d[2]) + "]";
  if (d[0] == 0 && d[1] == 0 && d[2] == 0) fail("source.direction", shown + ": expected a non-zero vector");
  if (!(d[2] < 0)) fail("source.direction", shown + " does not point downward: expected direction[2] < 0");
  require_non_negative("source.divergence_rad", beam.divergence_rad, "rad");
  require_finite("source.spot_centre_m[0]", beam.spot_centre_m[0], "m");
  require_finite("source.spot_centre_m[1]", beam.spot_centre_m[1], "m");
  require_non_negative("source.spot_sigma_m", beam.spot_sigma_m, "m");
  if (beam.charge != 1 && beam.charge != -1) {
    fail("source.charge", std::to_string(beam.charge) + ": expected +1 (mu+) or -1 (mu-)");
  }
}

void validate_generation_plane(const GenerationPlaneConfig& plane, const VolumeConfig& volume,
                               const std::vector<PlaneConfig>& planes, const std::string& planes_path) {
  // Empty ranges and an unset z are "derive it" (resolve_defaults); anything set must be sound.
  if (plane.x_range_m[0] != plane.x_range_m[1]) {
    require_range("source.plane.x_range_m", plane.x_range_m[0], plane.x_range_m[1], "m");
  }
  if (plane.y_range_m[0] != plane.y_range_m[1]) {
    require_range("source.plane.y_range_m", plane.y_range_m[0], plane.y_range_m[1], "m");
  }
  if (!plane.z_given) return;
  require_finite("source.plane.z_m", plane.z_m, "m");
  const double top = volume_top_m(volume);
  if (plane.z_m < top) {
    fail("source.plane.z_m", with_unit(plane.z_m, "m") + " is below the top of the passive volume (" +
                                 with_unit(top, "m") + "): muons must start above it");
  }
  for (std::size_t i = 0; i < planes.size(); ++i) {
    if (plane.z_m < planes[i].z_m) {
      fail("source.plane.z_m", with_unit(plane.z_m, "m") + " is below detector plane " + quote(planes[i].name) +
                                   " (" + planes_path + "[" + std::to_string(i) + "].z_m = " +
                                   with_unit(planes[i].z_m, "m") +
                                   "): muons must start at or above every plane");
    }
  }
}

}  // namespace

void validate_source(const SourceConfig& source, const VolumeConfig& volume, const std::vector<PlaneConfig>& planes,
                     const std::string& planes_path) {
  if (source.kind == SourceKind::cosmic) {
    validate_cosmic(source.cosmic);
  } else {
    validate_beam(source.beam);
  }
  validate_generation_plane(source.plane, volume, planes, planes_path);
}

}  // namespace detgrad::study_detail
