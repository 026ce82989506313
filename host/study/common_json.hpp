#pragma once
// The common keys of every study (task, name, seed, backend, optimization): read, checked
// and written the same way for every task.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detgrad/study/common_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::study_detail {

// "name", "seed", "task", "backend", "optimization".
const std::vector<std::string>& common_study_keys();
// The common keys followed by `keys`: the list a task opens its study's top object with.
std::vector<std::string> with_common_keys(std::vector<std::string> keys);
// Reads the common keys of `top` (opened with with_common_keys); `task` is the chosen task.
// `events_key` names the optimisation's events per step (optimization_json.hpp).
CommonStudyConfig read_common(const JsonObject& top, const std::string& task,
                              const std::string& events_key = "events_per_step");
void validate_common(const CommonStudyConfig& common, const std::string& events_key = "events_per_step");
// Writes the common keys into `out` (an object), every default filled in.
void write_common(const CommonStudyConfig& common, nlohmann::json& out,
                  const std::string& events_key = "events_per_step");

}  // namespace detgrad::study_detail
