#pragma once
// A whole MUonE study file (host only): the common keys (task, name, seed, backend,
// optimization), "events", "save_events" and the "muone" section (station, figure of merit,
// cost). Reader with known keys, validation with JSON paths, writer with every default.
#include <nlohmann/json.hpp>

#include "muone/muone_config.hpp"

namespace detgrad::muone {

// The task's top-level keys besides the common ones.
const std::vector<std::string>& muone_study_keys();

MuoneStudyConfig read_muone_study(const nlohmann::json& study);
void validate_muone_study(const MuoneStudyConfig& study);
nlohmann::json muone_study_json(const MuoneStudyConfig& study);

}  // namespace detgrad::muone
