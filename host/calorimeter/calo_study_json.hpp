#pragma once
// A whole calorimeter study file (host only): the common keys, "showers", "save_showers"
// and the "calorimeter" section. Reader with known keys, validation with JSON paths,
// writer with every default.
#include <nlohmann/json.hpp>

#include "calorimeter/calo_config.hpp"
#include "calorimeter/shower_setup.hpp"

namespace detgrad::calorimeter {

const std::vector<std::string>& calo_study_keys();

CaloStudyConfig read_calo_study(const nlohmann::json& study);
void validate_calo_study(const CaloStudyConfig& study);
nlohmann::json calo_study_json(const CaloStudyConfig& study);

// The stack and cuts of a (validated) study.
StackSpec stack_spec(const CaloStudyConfig& study);
EmCuts em_cuts(const CaloStudyConfig& study);

}  // namespace detgrad::calorimeter
