#pragma once
// The study's "muone" section (host only): JSON <-> StationConfig, and its validation.
// Every problem is a StudyError naming the JSON path ("muone.modules[3].z_m"), the value
// and what was expected. The format is in docs/study-format.md.
#include <nlohmann/json.hpp>

#include "muone/station_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::muone {

// Types, shapes and unknown keys of the section at `value` (path "muone"); every default
// filled in. Value ranges are checked by validate_station.
StationConfig read_station(const study_detail::JsonValue& value);

// Modules overlapping the target or each other, outside the station or out of z order, a
// zero or negative resolution, efficiencies outside (0, 1], an electron-energy range outside
// the kinematic limits of the beam, too few modules to fit a track on either side.
void validate_station(const StationConfig& station);

// The section as the resolved study writes it: every key, defaults included.
nlohmann::json station_json(const StationConfig& station);

}  // namespace detgrad::muone
