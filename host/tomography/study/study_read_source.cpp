#include <algorithm>

#include "detgrad/core/error.hpp"
#include "study/message_format.hpp"
#include "tomography/study/source_names.hpp"
#include "tomography/study/study_read.hpp"

namespace detgrad::study_detail {

namespace {

const std::vector<std::string> cosmic_keys = {"model", "momentum_range_GeV", "zenith_max_deg", "charge_ratio"};
const std::vector<std::string> beam_keys = {"momentum_GeV", "momentum_sigma_GeV", "direction", "divergence_rad",
                                            "spot_centre_m", "spot_sigma_m", "charge"};

// A range the study gives must be non-empty: an empty one is how the struct says "derive it".
void read_range(const JsonObject& object, const std::string& key, std::array<double, 2>& range) {
  if (!object.get(key, range)) return;
  if (!(range[0] < range[1])) {
    throw StudyError(object.child_path(key), "[" + format_number(range[0]) + ", " + format_number(range[1]) +
                                                 "] m is not a range: expected [min, max] with min < max");
  }
}

GenerationPlaneConfig read_plane(const JsonValue& value) {
  const JsonObject object = value.object({"z_m", "x_range_m", "y_range_m"});
  GenerationPlaneConfig plane;
  plane.z_given = object.get("z_m", plane.z_m);
  read_range(object, "x_range_m", plane.x_range_m);
  read_range(object, "y_range_m", plane.y_range_m);
  return plane;
}

// Keys of the other source type are errors, not silently ignored.
void reject_keys_of(const JsonObject& object, const std::vector<std::string>& keys, const std::string& their_type,
                    const std::string& this_type) {
  for (const auto& key : keys) {
    if (object.has(key)) {
      throw StudyError(object.child_path(key), "only used by a " + quote(their_type) + " source, but source.type is " +
                                                   quote(this_type));
    }
  }
}

}  // namespace

SourceConfig read_source(const JsonValue& value) {
  std::vector<std::string> keys = {"type", "plane"};
  keys.insert(keys.end(), cosmic_keys.begin(), cosmic_keys.end());
  keys.insert(keys.end(), beam_keys.begin(), beam_keys.end());
  const JsonObject object = value.object(keys);

  SourceConfig source;
  if (const auto type = object.optional("type")) {
    source.kind = enum_of(source_kind_names(), type->choice(names_of(source_kind_names())));
  }
  if (const auto plane = object.optional("plane")) source.plane = read_plane(*plane);

  if (source.kind == SourceKind::cosmic) {
    reject_keys_of(object, beam_keys, "beam", "cosmic");
    CosmicConfig& cosmic = source.cosmic;
    if (const auto model = object.optional("model")) {
      cosmic.model = enum_of(cosmic_model_names(), model->choice(names_of(cosmic_model_names())));
    }
    object.get("momentum_range_GeV", cosmic.momentum_range_GeV);
    object.get("zenith_max_deg", cosmic.zenith_max_deg);
    object.get("charge_ratio", cosmic.charge_ratio);
  } else {
    reject_keys_of(object, cosmic_keys, "cosmic", "beam");
    BeamConfig& beam = source.beam;
    object.get("momentum_GeV", beam.momentum_GeV);
    object.get("momentum_sigma_GeV", beam.momentum_sigma_GeV);
    object.get("direction", beam.direction);
    object.get("divergence_rad", beam.divergence_rad);
    object.get("spot_centre_m", beam.spot_centre_m);
    object.get("spot_sigma_m", beam.spot_sigma_m);
    object.get("charge", beam.charge);
  }
  return source;
}

}  // namespace detgrad::study_detail
