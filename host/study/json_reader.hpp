#pragma once
// Typed, path-aware reading of a study's JSON (host only). Every error is a StudyError
// naming the JSON path ("volume.boxes[2].min_m[1]"), the value found and what was
// expected. An object is opened with the list of keys it may hold, so an unknown key
// (a typo) is an error that suggests the nearest known key.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace detgrad::study_detail {

using Json = nlohmann::json;

// The value as a message shows it: `the string "NaN"`, `an object`, `2.5`, `null`.
std::string describe(const Json& value);

class JsonObject;

class JsonValue {
 public:
  JsonValue(const Json& json, std::string path) : json_(&json), path_(std::move(path)) {}

  const Json& json() const { return *json_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& message) const;

  double number() const;  // finite
  std::int64_t signed_integer(std::int64_t min, std::int64_t max) const;
  std::uint64_t unsigned_integer(std::uint64_t max) const;
  bool boolean() const;
  std::string string() const;
  // One of `allowed`; the message lists them and suggests the nearest.
  std::string choice(const std::vector<std::string>& allowed) const;
  // Elements with their paths; `length` when the array must have exactly that many.
  std::vector<JsonValue> array(std::optional<std::size_t> length = std::nullopt) const;
  JsonObject object(std::vector<std::string> known_keys) const;

  void read(double& out) const { out = number(); }
  void read(bool& out) const { out = boolean(); }
  void read(std::string& out) const { out = string(); }
  template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  void read(Int& out) const {
    if constexpr (std::is_unsigned_v<Int>) {
      out = static_cast<Int>(unsigned_integer(std::numeric_limits<Int>::max()));
    } else {
      out = static_cast<Int>(signed_integer(std::numeric_limits<Int>::min(), std::numeric_limits<Int>::max()));
    }
  }
  template <class T, std::size_t N>
  void read(std::array<T, N>& out) const {
    const auto elements = array(N);
    for (std::size_t i = 0; i < N; ++i) elements[i].read(out[i]);
  }
  template <class T>
  void read(std::optional<T>& out) const {
    T value{};
    read(value);
    out = value;
  }

 private:
  const Json* json_;
  std::string path_;
};

class JsonObject {
 public:
  // Fails unless `json` is an object whose keys are all in `known_keys`.
  JsonObject(const Json& json, std::string path, std::vector<std::string> known_keys);

  const std::string& path() const { return path_; }
  std::string child_path(const std::string& key) const;
  bool has(const std::string& key) const;
  std::optional<JsonValue> optional(const std::string& key) const;
  JsonValue required(const std::string& key) const;

  // Overwrites `out` when the key is present (the struct's default stays otherwise).
  template <class T>
  bool get(const std::string& key, T& out) const {
    const auto value = optional(key);
    if (value) value->read(out);
    return value.has_value();
  }
  template <class T>
  void get_required(const std::string& key, T& out) const {
    required(key).read(out);
  }

 private:
  void check_declared(const std::string& key) const;

  const Json* json_;
  std::string path_;
  std::vector<std::string> known_keys_;
};

}  // namespace detgrad::study_detail
