#pragma once
// The study's "optimization" section: read, validate, write.
#include <nlohmann/json.hpp>

#include "detgrad/study/optimization_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::optimize {

OptimizationConfig read_optimization(const study_detail::JsonValue& value);
void validate_optimization(const OptimizationConfig& config);  // throws StudyError with the JSON path
nlohmann::json optimization_json(const OptimizationConfig& config);

}  // namespace detgrad::optimize
