// Optimizer::state() / restore(): the optimiser's evolving state as JSON, exactly.
//   {
//     "format": "detgrad-optimizer-state", "version": 1,
//     "double_encoding": "hexadecimal float strings",   (see exact_double.hpp)
//     "kind": "adam" | "sgd",
//     "parameters": [names, in order],
//     "accepted_steps": int, "rolled_back_steps": int,
//     "groups": [{"group": name, "gradient_scale": "0x..", "scale_seen": bool, "backoff": "0x.."}],
//     "first_moment": ["0x..", ...], "second_moment": [...]    (adam)
//     "velocity": ["0x..", ...]                                  (sgd)
//   }
// Settings (step sizes, betas, schedule) are not state: they come from the study again.
#include <stdexcept>
#include <string>

#include "optimize/exact_double.hpp"
#include "optimize/optimizer.hpp"

namespace detgrad::optimize {
namespace {

constexpr const char* kFormat = "detgrad-optimizer-state";
constexpr int kVersion = 1;
constexpr const char* kDoubleEncoding = "hexadecimal float strings";

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw std::runtime_error("optimizer state: " + path + ": " + problem);
}

const nlohmann::json& field(const nlohmann::json& object, const std::string& key, const std::string& path) {
  const auto it = object.find(key);
  if (it == object.end()) fail(path + key, "missing");
  return *it;
}

void check_keys(const nlohmann::json& object, std::initializer_list<const char*> keys, const std::string& path) {
  if (!object.is_object()) {
    const std::string where = path.empty() ? "(top level)" : path.substr(0, path.size() - 1);  // drop the '.'
    fail(where, "expected an object, got " + object.dump());
  }
  for (const auto& item : object.items()) {
    bool known = false;
    for (const char* key : keys) known = known || item.key() == key;
    if (!known) fail(path + item.key(), "unknown key");
  }
}

std::string read_string(const nlohmann::json& j, const std::string& path) {
  if (!j.is_string()) fail(path, "expected a string, got " + j.dump());
  return j.get<std::string>();
}

double read_double(const nlohmann::json& j, const std::string& path) {
  return decode_exact(read_string(j, path), "optimizer state: " + path);
}

long long read_count(const nlohmann::json& j, const std::string& path) {
  if (!j.is_number_integer() || j.get<long long>() < 0) fail(path, "expected an integer >= 0, got " + j.dump());
  return j.get<long long>();
}

nlohmann::json write_doubles(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(encode_exact(v));
  return out;
}

std::vector<double> read_doubles(const nlohmann::json& j, std::size_t expected, const std::string& path) {
  if (!j.is_array()) fail(path, "expected an array of hexadecimal float strings");
  if (j.size() != expected)
    fail(path, std::to_string(j.size()) + " entries, expected " + std::to_string(expected) + " (one per parameter)");
  std::vector<double> out;
  for (std::size_t i = 0; i < j.size(); ++i) out.push_back(read_double(j[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace

nlohmann::json Optimizer::state() const {
  nlohmann::json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["double_encoding"] = kDoubleEncoding;
  j["kind"] = to_string(settings_.kind);
  j["parameters"] = nlohmann::json::array();
  for (std::size_t i = 0; i < layout_.parameter_count(); ++i) j["parameters"].push_back(layout_.spec(i).name);
  j["accepted_steps"] = state_.accepted_steps;
  j["rolled_back_steps"] = state_.rolled_back_steps;
  j["groups"] = nlohmann::json::array();
  for (std::size_t k = 0; k < layout_.group_count(); ++k) {
    const GroupState& g = state_.groups[k];
    j["groups"].push_back({{"group", layout_.group(k).group},
                           {"gradient_scale", encode_exact(g.gradient_scale)},
                           {"scale_seen", g.scale_seen},
                           {"backoff", encode_exact(g.backoff)}});
  }
  if (settings_.kind == OptimizerKind::adam) {
    j["first_moment"] = write_doubles(state_.first_moment);
    j["second_moment"] = write_doubles(state_.second_moment);
  } else {
    j["velocity"] = write_doubles(state_.velocity);
  }
  return j;
}

Optimizer::State Optimizer::parse_state(const nlohmann::json& j) const {
  const bool adam = settings_.kind == OptimizerKind::adam;
  if (adam)
    check_keys(j, {"format", "version", "double_encoding", "kind", "parameters", "accepted_steps",
                   "rolled_back_steps", "groups", "first_moment", "second_moment"}, "");
  else
    check_keys(j, {"format", "version", "double_encoding", "kind", "parameters", "accepted_steps",
                   "rolled_back_steps", "groups", "velocity"}, "");
  if (read_string(field(j, "format", ""), "format") != kFormat) fail("format", "expected \"" + std::string(kFormat) + "\"");
  if (field(j, "version", "") != kVersion) fail("version", field(j, "version", "").dump() + ", expected 1");
  if (read_string(field(j, "double_encoding", ""), "double_encoding") != kDoubleEncoding)
    fail("double_encoding", "expected \"" + std::string(kDoubleEncoding) + "\"");
  const std::string kind = read_string(field(j, "kind", ""), "kind");
  if (kind != to_string(settings_.kind))
    fail("kind", "the state is for a '" + kind + "' optimiser, this one is '" + to_string(settings_.kind) + "'");

  const nlohmann::json& names = field(j, "parameters", "");
  const std::size_t n = layout_.parameter_count();
  if (!names.is_array()) fail("parameters", "expected an array of names");
  if (names.size() != n)
    fail("parameters", "the state has " + std::to_string(names.size()) + " parameters, this optimiser " +
                           std::to_string(n));
  for (std::size_t i = 0; i < n; ++i) {
    const std::string path = "parameters[" + std::to_string(i) + "]";
    const std::string name = read_string(names[i], path);
    if (name != layout_.spec(i).name) fail(path, "'" + name + "', expected '" + layout_.spec(i).name + "'");
  }

  State s;
  s.accepted_steps = read_count(field(j, "accepted_steps", ""), "accepted_steps");
  s.rolled_back_steps = read_count(field(j, "rolled_back_steps", ""), "rolled_back_steps");
  const nlohmann::json& groups = field(j, "groups", "");
  if (!groups.is_array() || groups.size() != layout_.group_count())
    fail("groups", "expected an array of " + std::to_string(layout_.group_count()) + " groups");
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const std::string path = "groups[" + std::to_string(k) + "].";
    check_keys(groups[k], {"group", "gradient_scale", "scale_seen", "backoff"}, path);
    const std::string name = read_string(field(groups[k], "group", path), path + "group");
    if (name != layout_.group(k).group) fail(path + "group", "'" + name + "', expected '" + layout_.group(k).group + "'");
    GroupState g;
    g.gradient_scale = read_double(field(groups[k], "gradient_scale", path), path + "gradient_scale");
    const nlohmann::json& seen = field(groups[k], "scale_seen", path);
    if (!seen.is_boolean()) fail(path + "scale_seen", "expected true or false, got " + seen.dump());
    g.scale_seen = seen.get<bool>();
    g.backoff = read_double(field(groups[k], "backoff", path), path + "backoff");
    s.groups.push_back(g);
  }
  if (adam) {
    s.first_moment = read_doubles(field(j, "first_moment", ""), n, "first_moment");
    s.second_moment = read_doubles(field(j, "second_moment", ""), n, "second_moment");
  } else {
    s.velocity = read_doubles(field(j, "velocity", ""), n, "velocity");
  }
  return s;
}

void Optimizer::restore(const nlohmann::json& j) { state_ = parse_state(j); }

}  // namespace detgrad::optimize
