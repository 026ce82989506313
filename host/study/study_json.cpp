// parse_study and load_study_file: the door through which every study comes in.
#include "detgrad/study/study_json.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "detgrad/core/error.hpp"
#include "study/json_reader.hpp"
#include "study/study_read.hpp"

namespace detgrad {

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line
// 1, column 2: " prefix (we say where ourselves).
std::string syntax_detail(const std::string& what) {
  std::string detail = what;
  const auto bracket = detail.find("] ");
  if (bracket != std::string::npos) detail = detail.substr(bracket + 2);
  if (detail.rfind("parse error", 0) == 0) {
    const auto colon = detail.find(": ");
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
  }
  return detail;
}

// 1-based line and column of the byte before `offset` (nlohmann's byte is one past the
// offending character).
std::string line_and_column(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

StudyConfig parse_study(const nlohmann::json& json) {
  if (!json.is_object()) {
    throw StudyError("", "a study must be a JSON object {...} at the top level, got " + study_detail::describe(json));
  }
  StudyConfig study = study_detail::read_study(json);
  resolve_defaults(study);
  validate_study(study);
  return study;
}

StudyConfig load_study_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw StudyError(path, std::string("cannot open the study file (") + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) throw StudyError(path, "cannot read the study file");
  const std::string text = buffer.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw StudyError(path, "the study file is empty: expected a JSON object {...}");
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    throw StudyError(path, "JSON syntax error at " + line_and_column(text, e.byte) + ": " + syntax_detail(e.what()));
  } catch (const nlohmann::json::exception& e) {  // "number overflow parsing '1e999'" (no position given)
    const std::string detail = syntax_detail(e.what());
    const auto open = detail.find('\''), close = detail.rfind('\'');
    std::string where;
    if (open != std::string::npos && close > open) {
      const auto at = text.find(detail.substr(open + 1, close - open - 1));
      if (at != std::string::npos) where = " at " + line_and_column(text, at + 1);
    }
    const bool number = detail.find("number") != std::string::npos;
    throw StudyError(path, "invalid JSON" + where + ": " + detail + (number ? " (expected a finite number)" : ""));
  }
  return parse_study(json);
}

}  // namespace detgrad
