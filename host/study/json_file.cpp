#include "study/json_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "detgrad/core/error.hpp"

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

// A SAX pass that stops at the first key given twice in one object and keeps its path.
class DuplicateKeyFinder : public nlohmann::json_sax<Json> {
 public:
  std::string duplicate_path;  // empty when there is none

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    frames_.push_back(Frame{child_path(), true, {}, {}, 0});
    return true;
  }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    frame.key = key;
    if (!frame.keys.insert(key).second) {
      duplicate_path = join(frame.path, key);
      return false;
    }
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    frames_.push_back(Frame{child_path(), false, {}, {}, 0});
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  struct Frame {
    std::string path;
    bool object;
    std::set<std::string> keys;
    std::string key;   // the current member's key (objects)
    std::size_t index; // the next element's index (arrays)
  };

  static std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
  // The path of the value that starts now (before value() or a start_* advances the parent).
  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& parent = frames_.back();
    return parent.object ? join(parent.path, parent.key) : parent.path + "[" + std::to_string(parent.index) + "]";
  }
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool close() {
    frames_.pop_back();
    return value();
  }

  std::vector<Frame> frames_;
};

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& source) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw StudyError(source, "the file is empty: expected a JSON object {...}");
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
  DuplicateKeyFinder finder;
  Json::sax_parse(text, &finder, nlohmann::detail::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true);
  if (!finder.duplicate_path.empty()) {
    throw StudyError(finder.duplicate_path, "duplicate key in " + source +
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
  std::ifstream file(path, std::ios::binary);
  if (!file) throw StudyError(path, "cannot open the " + what + " (" + std::strerror(errno) + ")");
  std::ostringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) throw StudyError(path, "cannot read the " + what);
  const std::string text = buffer.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw StudyError(path, "the " + what + " is empty: expected a JSON object {...}");
  }
  return parse_json_text(text, path);
}

}  // namespace detgrad::study_detail
