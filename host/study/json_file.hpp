#pragma once
// Reading a JSON file given by a user (a study, a layout): every problem is a StudyError that
// names the file and says what is wrong: a missing or unreadable file, a directory, an empty
// file, a syntax error (with line and column), a duplicate key in an object (with its JSON
// path: JSON leaves duplicates undefined and the parser would keep the last value silently).
// Comments (// and /* */) are allowed.
#include <string>

#include <nlohmann/json.hpp>

namespace detgrad::study_detail {

// `what` names the file in messages: "study file", "layout file".
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// The same checks on a text already read (`source` names it in messages).
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

}  // namespace detgrad::study_detail
