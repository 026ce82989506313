#pragma once
// The host-side optimiser: moves a flat vector of design parameters, grouped and bounded
// (parameter_groups.hpp), given the loss and its gradient once per step. It is
// task-agnostic (docs/design.md, principle 7) and its whole state round-trips through JSON
// bit-exactly, so that a resumed run continues bitwise like an uninterrupted one (principle 9).
//
// Rates are set in the groups' physical units (GroupSettings::step_size = s_k, e.g. 0.01 m):
//  - Adam normalises the gradient, so its update is ~ s_k per parameter from the start:
//      m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,   t = accepted steps incl. this one,
//      dx = -lr_k * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps * G_k),   lr_k = s_k;
//    the first update is exactly -lr_k * sign(g) up to eps (bias correction).
//  - SGD (heavy-ball momentum mu) has no normalisation, so its rate is derived from the
//    FIRST finite, non-zero gradient of the group: lr_k = s_k / G_k, and
//      u <- mu u + g,   dx = -lr_k * u,
//    so the first update has mean |dx| = s_k over the group. (With momentum, steady drift in
//    one direction grows to s_k / (1 - mu) per step.)
//  Here G_k = mean_i |g_i| over the group's parameters at the first step where it is finite
//  and non-zero ("gradient scale"), remembered for the rest of the run. Adam's eps is
//  therefore dimensionless, relative to the group's gradient scale (eps * G_k has the
//  gradient's unit); before G_k is known a zero denominator gives dx = 0.
// Each effective rate is lr_k * backoff_k * s(t) (schedule.hpp); backoff_k starts at 1.
// Per parameter, after the rule above:
//   1. update limit: |dx| <= max_update_k (if > 0);
//   2. projection:   x <- clamp(x + dx, lower, upper).
// NaN/inf guard: if the loss or any gradient entry of a non-frozen parameter is not finite,
// nothing changes (x, moments, velocities, step count) except backoff_k *= nan_backoff for
// every group, and the report says rolled_back with the offending parameters.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/parameter_groups.hpp"
#include "optimize/schedule.hpp"

namespace detgrad::optimize {

enum class OptimizerKind { adam, sgd };

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::adam;
  double beta1 = 0.9;       // Adam first-moment decay, [0, 1)
  double beta2 = 0.999;     // Adam second-moment decay, [0, 1)
  double epsilon = 1e-12;   // Adam, dimensionless: relative to the group's gradient scale G_k
  double momentum = 0.9;    // SGD heavy-ball momentum mu, [0, 1)
  ScheduleSettings schedule;
  double nan_backoff = 0.5; // rate factor after a rolled-back step, (0, 1]
};

struct GroupStepReport {
  std::string group;
  // The effective rate lr_k * backoff_k * s(t) of this step (after a roll-back: the one the
  // next step will use). Adam: in the group's unit; SGD: unit^2 / loss unit.
  double rate = 0.0;
  double largest_update = 0.0;  // max |x_new - x_old| over the group, group's unit
};

struct StepReport {
  long long step = 0;              // accepted steps before this one (the schedule's t)
  bool rolled_back = false;
  std::string message;             // empty unless rolled back
  std::vector<GroupStepReport> groups;  // in the order of the group settings
  std::size_t clamped_by_bounds = 0;    // parameters the projection moved
  std::size_t limited_by_max_update = 0;
};

class Optimizer {
 public:
  // Throws std::invalid_argument on bad specs, groups (see ParameterLayout) or settings.
  Optimizer(std::vector<ParameterSpec> specs, std::vector<GroupSettings> groups, OptimizerSettings settings);

  // One step: updates x in place (unless rolled back). Throws std::invalid_argument when x or
  // gradient do not have one entry per parameter.
  StepReport step(std::vector<double>& x, const std::vector<double>& gradient, double loss);

  // Everything that evolves: step counts, moments or velocities, gradient scales and their
  // "seen" flags, backoff factors; doubles as exact hexadecimal strings (exact_double.hpp),
  // with the parameter and group names and the kind, to check a restore against.
  nlohmann::json state() const;
  // Replaces the state by one from state(). Validates everything first (strong guarantee);
  // throws std::runtime_error naming the field on a wrong format, kind, parameter count or
  // names, group names, array length or value type.
  void restore(const nlohmann::json& state);

  const ParameterLayout& layout() const { return layout_; }
  const OptimizerSettings& settings() const { return settings_; }
  long long accepted_steps() const { return state_.accepted_steps; }
  long long rolled_back_steps() const { return state_.rolled_back_steps; }

 private:
  struct GroupState {
    double gradient_scale = 0.0;  // G_k
    bool scale_seen = false;
    double backoff = 1.0;
  };
  struct State {
    long long accepted_steps = 0;
    long long rolled_back_steps = 0;
    std::vector<GroupState> groups;
    std::vector<double> first_moment, second_moment;  // Adam m, v (empty for SGD)
    std::vector<double> velocity;                     // SGD u (empty for Adam)
  };

  double base_rate(std::size_t group) const;
  double raw_update(std::size_t parameter, double g, double rate, double scale, long long t);
  StepReport roll_back(double loss, const std::vector<double>& gradient);
  State parse_state(const nlohmann::json& j) const;

  ParameterLayout layout_;
  OptimizerSettings settings_;
  State state_;
};

const char* to_string(OptimizerKind kind);

}  // namespace detgrad::optimize
