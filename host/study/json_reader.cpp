#include "study/json_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "detgrad/core/error.hpp"
#include "study/message_format.hpp"

namespace detgrad::study_detail {

namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A hint for a quoted number ("0.5") or a quoted non-finite word ("NaN").
std::string string_number_hint(const std::string& text) {
  const std::string word = lower(text);
  for (const char* non_finite : {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}) {
    if (word == non_finite) return " (JSON has no NaN or infinity; expected a finite number)";
  }
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size()) return " (remove the quotes)";
  return "";
}

}  // namespace

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: return "the string " + quote(value.get<std::string>());
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array of " + std::to_string(value.size()) + " elements";
    case Json::value_t::number_integer: return std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned: return std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float: return format_number(value.get<double>());
    default: return "an unsupported value";
  }
}

void JsonValue::fail(const std::string& message) const { throw StudyError(path_, message); }

double JsonValue::number() const {
  if (!json_->is_number()) {
    const std::string hint = json_->is_string() ? string_number_hint(json_->get<std::string>()) : "";
    fail("expected a number, got " + describe(*json_) + hint);
  }
  const double value = json_->get<double>();
  if (!std::isfinite(value)) fail("expected a finite number, got " + describe(*json_));
  return value;
}

std::int64_t JsonValue::signed_integer(std::int64_t min, std::int64_t max) const {
  const std::string expected = "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (json_->is_number_unsigned()) {
    const std::uint64_t value = json_->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(max)) fail(expected + ", got " + describe(*json_));
    return static_cast<std::int64_t>(value);
  }
  if (json_->is_number_integer()) {
    const std::int64_t value = json_->get<std::int64_t>();
    if (value < min || value > max) fail(expected + ", got " + describe(*json_));
    return value;
  }
  const double value = number();  // fails for non-numbers and non-finite numbers
  if (value != std::floor(value)) fail("expected an integer, got " + describe(*json_));
  // 2^63 is exact in double; [min, max] of any narrower type converts exactly too.
  if (value < static_cast<double>(min) || value >= 9223372036854775808.0 || value > static_cast<double>(max)) {
    fail(expected + ", got " + describe(*json_));
  }
  return static_cast<std::int64_t>(value);
}

std::uint64_t JsonValue::unsigned_integer(std::uint64_t max) const {
  const std::string expected = "expected a non-negative integer up to " + std::to_string(max);
  if (json_->is_number_unsigned()) {
    const std::uint64_t value = json_->get<std::uint64_t>();
    if (value > max) fail(expected + ", got " + describe(*json_));
    return value;
  }
  if (json_->is_number_integer()) {
    const std::int64_t value = json_->get<std::int64_t>();
    if (value < 0 || static_cast<std::uint64_t>(value) > max) fail(expected + ", got " + describe(*json_));
    return static_cast<std::uint64_t>(value);
  }
  const double value = number();
  if (value != std::floor(value)) fail("expected an integer, got " + describe(*json_));
  if (value < 0 || value >= 18446744073709551616.0 || value > static_cast<double>(max)) {
    fail(expected + ", got " + describe(*json_));
  }
  return static_cast<std::uint64_t>(value);
}

bool JsonValue::boolean() const {
  if (!json_->is_boolean()) fail("expected true or false, got " + describe(*json_));
  return json_->get<bool>();
}

std::string JsonValue::string() const {
  if (!json_->is_string()) fail("expected a string, got " + describe(*json_));
  return json_->get<std::string>();
}

std::string JsonValue::choice(const std::vector<std::string>& allowed) const {
  if (!json_->is_string()) fail("expected one of " + join_quoted(allowed) + ", got " + describe(*json_));
  const std::string value = json_->get<std::string>();
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  std::string message = quote(value) + " is not one of " + join_quoted(allowed);
  if (const auto guess = closest_match(value, allowed)) message += " (did you mean " + quote(*guess) + "?)";
  fail(message);
}

std::vector<JsonValue> JsonValue::array(std::optional<std::size_t> length) const {
  const std::string expected = length ? "an array of " + std::to_string(*length) + " elements" : "an array";
  if (!json_->is_array()) fail("expected " + expected + ", got " + describe(*json_));
  if (length && json_->size() != *length) {
    fail("expected " + expected + ", got " + std::to_string(json_->size()) + " elements");
  }
  std::vector<JsonValue> elements;
  elements.reserve(json_->size());
  for (std::size_t i = 0; i < json_->size(); ++i) {
    elements.emplace_back((*json_)[i], path_ + "[" + std::to_string(i) + "]");
  }
  return elements;
}

JsonObject JsonValue::object(std::vector<std::string> known_keys) const {
  return JsonObject(*json_, path_, std::move(known_keys));
}

JsonObject::JsonObject(const Json& json, std::string path, std::vector<std::string> known_keys)
    : json_(&json), path_(std::move(path)), known_keys_(std::move(known_keys)) {
  if (!json.is_object()) {
    throw StudyError(path_, "expected an object {...}, got " + describe(json));
  }
  for (const auto& item : json.items()) {
    const std::string& key = item.key();
    if (std::find(known_keys_.begin(), known_keys_.end(), key) != known_keys_.end()) continue;
    std::string message = "unknown key";
    if (const auto guess = closest_match(key, known_keys_)) {
      message += " (did you mean " + *guess + "?)";
    } else {
      std::string known;
      for (const auto& k : known_keys_) known += (known.empty() ? "" : ", ") + k;
      message += " (known keys here: " + known + ")";
    }
    throw StudyError(child_path(key), message);
  }
}

std::string JsonObject::child_path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void JsonObject::check_declared(const std::string& key) const {
  if (std::find(known_keys_.begin(), known_keys_.end(), key) == known_keys_.end()) {
    throw std::logic_error("study reader: key '" + key + "' read at " + path_ + " but not declared");
  }
}

bool JsonObject::has(const std::string& key) const {
  check_declared(key);
  return json_->contains(key);
}

std::optional<JsonValue> JsonObject::optional(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return JsonValue(json_->at(key), child_path(key));
}

JsonValue JsonObject::required(const std::string& key) const {
  if (!has(key)) throw StudyError(child_path(key), "required key is missing");
  return JsonValue(json_->at(key), child_path(key));
}

}  // namespace detgrad::study_detail
