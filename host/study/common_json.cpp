#include "study/common_json.hpp"

#include "detgrad/core/error.hpp"
#include "optimize/optimization_json.hpp"
#include "study/study_names.hpp"
#include "study/value_checks.hpp"

namespace detgrad::study_detail {

const std::vector<std::string>& common_study_keys() {
  static const std::vector<std::string> keys{"name", "seed", "task", "backend", "optimization"};
  return keys;
}

std::vector<std::string> with_common_keys(std::vector<std::string> keys) {
  std::vector<std::string> all = common_study_keys();
  all.insert(all.end(), keys.begin(), keys.end());
  return all;
}

CommonStudyConfig read_common(const JsonObject& top, const std::string& task, const std::string& events_key) {
  CommonStudyConfig common;
  common.task = task;
  if (const auto value = top.optional("task")) {
    if (value->string() != task) value->fail("expected \"" + task + "\"");  // the registry chose the task from it
  }
  top.get("name", common.name);
  top.get("seed", common.seed);
  if (const auto backend = top.optional("backend")) {
    common.backend = enum_of(backend_names(), backend->choice(names_of(backend_names())));
  }
  if (const auto section = top.optional("optimization")) {
    common.optimization = optimize::read_optimization(*section, events_key);
  }
  return common;
}

void validate_common(const CommonStudyConfig& common, const std::string& events_key) {
  require_non_empty("name", common.name, "study name");
  if (common.optimization) optimize::validate_optimization(*common.optimization, events_key);
}

void write_common(const CommonStudyConfig& common, nlohmann::json& out, const std::string& events_key) {
  out["task"] = common.task;
  out["name"] = common.name;
  out["seed"] = common.seed;
  out["backend"] = name_of(backend_names(), common.backend);
  if (common.optimization) out["optimization"] = optimize::optimization_json(*common.optimization, events_key);
}

}  // namespace detgrad::study_detail
