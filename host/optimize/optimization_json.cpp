#include "optimize/optimization_json.hpp"

#include <cmath>

#include "detgrad/core/error.hpp"

namespace detgrad::optimize {

using namespace study_detail;

namespace {

std::map<std::string, double> read_group_values(const JsonValue& value) {
  std::map<std::string, double> out;
  if (!value.json().is_object()) throw StudyError(value.path(), "expected an object of group: value");
  for (auto it = value.json().begin(); it != value.json().end(); ++it) {
    out[it.key()] = JsonValue(it.value(), value.path() + "." + it.key()).number();
  }
  return out;
}

}  // namespace

OptimizationConfig read_optimization(const JsonValue& value, const std::string& events_key) {
  const JsonObject o = value.object({"steps", events_key, "optimizer", "step_size", "max_update", "frozen",
                                     "warmup_steps", "decay", "decay_rate", "checkpoint_every", "layout_every",
                                     "evaluation_events"});
  OptimizationConfig c;
  o.get("steps", c.steps);
  o.get(events_key, c.events_per_step);
  if (const auto v = o.optional("optimizer")) c.optimizer = v->choice({"adam", "sgd"});
  if (const auto v = o.optional("step_size")) c.step_size = read_group_values(*v);
  if (const auto v = o.optional("max_update")) c.max_update = read_group_values(*v);
  if (const auto v = o.optional("frozen")) {
    if (!v->json().is_array()) throw StudyError(v->path(), "expected an array of group names");
    for (std::size_t i = 0; i < v->json().size(); ++i) {
      const JsonValue item(v->json()[i], v->path() + "[" + std::to_string(i) + "]");
      if (!item.json().is_string()) throw StudyError(item.path(), "expected a group name");
      c.frozen.push_back(item.json().get<std::string>());
    }
  }
  o.get("warmup_steps", c.warmup_steps);
  if (const auto v = o.optional("decay")) c.decay = v->choice({"none", "cosine", "exponential"});
  o.get("decay_rate", c.decay_rate);
  o.get("checkpoint_every", c.checkpoint_every);
  o.get("layout_every", c.layout_every);
  o.get("evaluation_events", c.evaluation_events);
  return c;
}

void validate_optimization(const OptimizationConfig& c, const std::string& events_key) {
  if (c.steps < 1 || c.steps > 1000000) throw StudyError("optimization.steps", std::to_string(c.steps) + ": expected 1 to 1e6");
  if (c.events_per_step < 1 || c.events_per_step > 1000000000000ull) {
    throw StudyError("optimization." + events_key, std::to_string(c.events_per_step) + ": expected 1 to 1e12");
  }
  for (const auto& [group, v] : c.step_size)
    if (!(v > 0) || !std::isfinite(v)) throw StudyError("optimization.step_size." + group, "expected a number > 0");
  for (const auto& [group, v] : c.max_update)
    if (!(v >= 0) || !std::isfinite(v)) throw StudyError("optimization.max_update." + group, "expected a number >= 0");
  if (!(c.decay_rate > 0 && c.decay_rate <= 1)) throw StudyError("optimization.decay_rate", "expected a number in (0, 1]");
  if (c.checkpoint_every < 1) throw StudyError("optimization.checkpoint_every", "expected at least 1");
  if (c.layout_every < 1) throw StudyError("optimization.layout_every", "expected at least 1");
  if (c.evaluation_events && *c.evaluation_events > 1000000000000ull)
    throw StudyError("optimization.evaluation_events", std::to_string(*c.evaluation_events) + ": expected 0 to 1e12");
}

nlohmann::json optimization_json(const OptimizationConfig& c, const std::string& events_key) {
  nlohmann::json j = {{"steps", c.steps}, {events_key, c.events_per_step}, {"optimizer", c.optimizer},
          {"step_size", c.step_size}, {"max_update", c.max_update}, {"frozen", c.frozen}, {"warmup_steps", c.warmup_steps},
          {"decay", c.decay}, {"decay_rate", c.decay_rate}, {"checkpoint_every", c.checkpoint_every},
          {"layout_every", c.layout_every}};
  if (c.evaluation_events) j["evaluation_events"] = *c.evaluation_events;
  return j;
}

}  // namespace detgrad::optimize
