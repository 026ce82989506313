// parse_study and load_study_file: the door through which every study comes in.
#include "detgrad/tomography/study_json.hpp"

#include <nlohmann/json.hpp>

#include "detgrad/core/error.hpp"
#include "study/json_file.hpp"
#include "study/json_reader.hpp"
#include "tomography/study/study_read.hpp"

namespace detgrad {


TomographyStudyConfig parse_study(const nlohmann::json& json) {
  if (!json.is_object()) {
    throw StudyError("", "a study must be a JSON object {...} at the top level, got " + study_detail::describe(json));
  }
  TomographyStudyConfig study = study_detail::read_study(json);
  resolve_defaults(study);
  validate_study(study);
  return study;
}

TomographyStudyConfig load_study_file(const std::string& path) {
  return parse_study(study_detail::read_json_file(path, "study file"));
}

}  // namespace detgrad
