#pragma once
// Study files: JSON <-> TomographyStudyConfig (host only; kernels never include this). The format is
// described in docs/study-format.md. Every problem with the input is a StudyError naming
// the JSON path, the value and what was expected; unknown keys are errors.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad {

// Reads, validates and resolves a study (resolve_defaults, then validate_study).
TomographyStudyConfig parse_study(const nlohmann::json& study);

// parse_study of a file's contents. A missing or unreadable file, an empty file and JSON
// syntax errors (with line and column) are StudyErrors too. // and /* */ comments are allowed.
TomographyStudyConfig load_study_file(const std::string& path);

// The resolved study (every default filled in): parse_study(to_json(s)) gives s back.
nlohmann::json to_json(const TomographyStudyConfig& study);

// Fills the derived defaults: the generation plane's z (the highest of the top detector
// plane, or tomography panel, and the volume top) and x/y ranges (the volume's footprint)
// when not given, output.save_muons (all muons up to 1e6, else 1e5), the tomography
// panels' centre_m and span_m (the volume's footprint), and normalises the beam direction.
// Idempotent.
void resolve_defaults(TomographyStudyConfig& study);

// Checks every value and cross-reference of a resolved study (the checks parse_study
// makes); throws StudyError with the JSON path of the first problem.
void validate_study(const TomographyStudyConfig& study);

}  // namespace detgrad
