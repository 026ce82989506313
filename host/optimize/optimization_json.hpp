#pragma once
// The study's "optimization" section: read, validate, write.
#include <string>

#include <nlohmann/json.hpp>

#include "detgrad/study/optimization_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::optimize {

// `events_key` names the events per step in the task's own words: "muons_per_step" for
// tomography, "events_per_step" (the default) or a task's own noun for the others.
OptimizationConfig read_optimization(const study_detail::JsonValue& value,
                                     const std::string& events_key = "events_per_step");
// Throws StudyError with the JSON path.
void validate_optimization(const OptimizationConfig& config, const std::string& events_key = "events_per_step");
nlohmann::json optimization_json(const OptimizationConfig& config, const std::string& events_key = "events_per_step");

}  // namespace detgrad::optimize
