#pragma once
// A study as Python holds it: the JSON it was read from (a file's contents or a dict), read
// and validated once on creation through the task registry, exactly as the CLI reads it.
// Every command reads it again with its own overrides, so that one call's --seed or --events
// does not change the object.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tasks/task.hpp"

namespace detgrad::python {

// The CLI's overrides (--events, --seed, --save-events, --backend, --steps).
struct Overrides {
  std::optional<std::uint64_t> events;
  std::optional<std::uint64_t> save_events;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> backend;  // "auto", "cpu" or "cuda"
  std::optional<std::uint32_t> steps;
  bool optimization_defaults = false;
};

class StudyHandle {
 public:
  // From a study file (the CLI's errors: missing file, syntax error with line and column, ...).
  static StudyHandle from_file(const std::string& path);
  // From a JSON object (a converted Python dict); `source` names it in messages.
  static StudyHandle from_json(nlohmann::json study, std::string source);

  // The study read again with overrides applied and validated (StudyError on a bad value).
  std::unique_ptr<tasks::TaskStudy> read(const Overrides& overrides) const;
  const tasks::TaskStudy& study() const { return *study_; }
  const std::string& source() const { return source_; }
  const nlohmann::json& json() const { return json_; }

 private:
  StudyHandle(nlohmann::json json, std::string source);
  nlohmann::json json_;
  std::string source_;
  std::shared_ptr<const tasks::TaskStudy> study_;  // read without overrides
};

}  // namespace detgrad::python
