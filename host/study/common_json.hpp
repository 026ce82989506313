#pragma once
// The common keys of every study (task, name, seed, backend, optimization): read, checked
// and written the same way for every task.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detgrad/study/common_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::study_detail {

// "task", "name", "seed", "backend", "optimization".
const std::vector<std::string>& common_study_keys();
// `keys` followed by the common keys: the list a task opens its study's top object with.
std::vector<std::string> with_common_keys(std::vector<std::string> keys);
// Reads the common keys of `top` (opened with with_common_keys); `task` is the chosen task.
CommonStudyConfig read_common(const JsonObject& top, const std::string& task);
void validate_common(const CommonStudyConfig& common);
// Writes the common keys into `out` (an object), every default filled in.
void write_common(const CommonStudyConfig& common, nlohmann::json& out);

}  // namespace detgrad::study_detail
