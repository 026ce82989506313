#include "study/json_file.hpp"

#include <filesystem>
#include <set>
#include <vector>

#include "detgrad/core/error.hpp"
#include "study/input_file.hpp"

namespace detgrad::study_detail {

namespace {

using Json = nlohmann::json;

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

// A SAX pass that finds the first key given twice in one object and counts the values. Each
// open level keeps its own key or index only (the path is put together when a duplicate is
// found), and each object the set of its keys: memory and time linear in the file's size.
class DuplicateKeyFinder : public nlohmann::json_sax<Json> {
 public:
  std::optional<std::string> duplicate_path;  // the first duplicate
  std::size_t values = 0;
  bool syntax_error = false;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    frame.key = key;
    if (!frame.keys.insert(key).second && !duplicate_path) duplicate_path = path_of_key();
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    syntax_error = true;
    return false;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;  // objects
    std::string key;             // the current member's key (objects)
    std::size_t index = 0;       // the next element's index (arrays)
  };

  // "planes[1].z_m": the path of the current key of the innermost object.
  std::string path_of_key() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.object) {
        path += (path.empty() ? "" : ".") + frame.key;
      } else {
        path += "[" + std::to_string(frame.index) + "]";
      }
    }
    return path;
  }
  bool open(bool object) {
    ++values;
    frames_.push_back(Frame{object, {}, {}, 0});
    return values <= kJsonMaxValues;
  }
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return ++values <= kJsonMaxValues;
  }
  bool close() {
    frames_.pop_back();
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }

  std::vector<Frame> frames_;
};

}  // namespace

std::optional<std::size_t> find_excess_nesting(const std::string& text, std::size_t max_depth) {
  std::size_t depth = 0;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c == '"') {  // a string: to its closing quote, escapes skipped
      for (++i; i < n && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {  // to the end of the line
      while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {  // to "*/"
      const std::size_t close = text.find("*/", i + 2);
      i = close == std::string::npos ? n : close + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

nlohmann::json parse_json_text(const std::string& text, const std::string& source) {
  check_text_limits(text, source, TextLimits{kJsonMaxBytes, 0});
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw StudyError(source, "the file is empty: expected a JSON object {...}");
  }
  // Limits first, before the document is built: nesting (one pass over the bytes), then
  // the number of values and the duplicate keys (one SAX pass).
  if (const auto at = find_excess_nesting(text, kJsonMaxDepth)) {
    throw StudyError(source, "nested deeper than the limit of " + std::to_string(kJsonMaxDepth) +
                                 " levels of arrays and objects at " + line_and_column(text, *at + 1) +
                                 ": refused");
  }
  DuplicateKeyFinder finder;
  Json::sax_parse(text, &finder, nlohmann::detail::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true);
  if (!finder.syntax_error && finder.values > kJsonMaxValues) {
    throw StudyError(source, "more than the limit of " + std::to_string(kJsonMaxValues) +
                                 " values (numbers, strings, arrays, objects): refused");
  }
  Json json;
  try {
    json = Json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    throw StudyError(source, "JSON syntax error at " + line_and_column(text, e.byte) + ": " + syntax_detail(e.what()));
  } catch (const Json::exception& e) {  // "number overflow parsing '1e999'" (no position given)
    const std::string detail = syntax_detail(e.what());
    const auto open = detail.find('\''), close = detail.rfind('\'');
    std::string where;
    if (open != std::string::npos && close > open) {
      const auto at = text.find(detail.substr(open + 1, close - open - 1));
      if (at != std::string::npos) where = " at " + line_and_column(text, at + 1);
    }
    const bool number = detail.find("number") != std::string::npos;
    throw StudyError(source, "invalid JSON" + where + ": " + detail + (number ? " (expected a finite number)" : ""));
  }
  if (finder.duplicate_path) {
    throw StudyError(*finder.duplicate_path, "duplicate key in " + source +
                                                 ": given more than once in the same object (JSON keeps only one; "
                                                 "remove the others)");
  }
  return json;
}

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw StudyError(path, "is a directory, not a " + what + ": give the path of a JSON file");
  }
  const std::string text = read_input_file(path, what, TextLimits{kJsonMaxBytes, 0});
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw StudyError(path, "the " + what + " is empty: expected a JSON object {...}");
  }
  return parse_json_text(text, path);
}

}  // namespace detgrad::study_detail
