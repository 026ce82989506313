#include "optimize/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace detgrad::optimize {
namespace {

// How many offending parameters a roll-back message names before "and N more".
constexpr std::size_t kNamedOffenders = 8;

void validate(const OptimizerSettings& s) {
  const auto in_unit_interval = [](double v) { return v >= 0.0 && v < 1.0; };
  const auto fail = [](const std::string& field, double v, const char* expected) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    throw std::invalid_argument("optimizer settings: " + field + " " + buffer + " must be " + expected);
  };
  if (!in_unit_interval(s.beta1)) fail("beta1", s.beta1, "in [0, 1)");
  if (!in_unit_interval(s.beta2)) fail("beta2", s.beta2, "in [0, 1)");
  if (!(std::isfinite(s.epsilon) && s.epsilon >= 0.0)) fail("epsilon", s.epsilon, "finite and >= 0");
  if (!in_unit_interval(s.momentum)) fail("momentum", s.momentum, "in [0, 1)");
  if (!(s.nan_backoff > 0.0 && s.nan_backoff <= 1.0)) fail("nan_backoff", s.nan_backoff, "in (0, 1]");
  validate(s.schedule);
}

}  // namespace

const char* to_string(OptimizerKind kind) { return kind == OptimizerKind::adam ? "adam" : "sgd"; }

Optimizer::Optimizer(std::vector<ParameterSpec> specs, std::vector<GroupSettings> groups, OptimizerSettings settings)
    : layout_(std::move(specs), std::move(groups)), settings_(settings) {
  validate(settings_);
  state_.groups.assign(layout_.group_count(), GroupState{});
  const std::size_t n = layout_.parameter_count();
  if (settings_.kind == OptimizerKind::adam) {
    state_.first_moment.assign(n, 0.0);
    state_.second_moment.assign(n, 0.0);
  } else {
    state_.velocity.assign(n, 0.0);
  }
}

// lr_k before backoff and schedule: Adam s_k; SGD s_k / G_k once G_k is known, else 0 (no
// update can be sized yet; the group's gradient is then all zero anyway).
double Optimizer::base_rate(std::size_t k) const {
  const GroupSettings& g = layout_.group(k);
  if (settings_.kind == OptimizerKind::adam) return g.step_size;
  const GroupState& s = state_.groups[k];
  return s.scale_seen ? g.step_size / s.gradient_scale : 0.0;
}

// The optimiser's rule for one parameter (formulas in optimizer.hpp); updates its moments
// or velocity and returns dx before the update limit and the projection. t is 1-based.
double Optimizer::raw_update(std::size_t i, double g, double rate, double scale, long long t) {
  if (settings_.kind == OptimizerKind::sgd) {
    double& u = state_.velocity[i];
    u = settings_.momentum * u + g;
    return -rate * u;
  }
  const double b1 = settings_.beta1, b2 = settings_.beta2;
  double& m = state_.first_moment[i];
  double& v = state_.second_moment[i];
  m = b1 * m + (1.0 - b1) * g;
  v = b2 * v + (1.0 - b2) * g * g;
  const double t_real = static_cast<double>(t);
  const double m_hat = m / (1.0 - std::pow(b1, t_real));
  const double v_hat = v / (1.0 - std::pow(b2, t_real));
  const double denominator = std::sqrt(v_hat) + settings_.epsilon * scale;
  return denominator > 0.0 ? -rate * m_hat / denominator : 0.0;
}

StepReport Optimizer::roll_back(double loss, const std::vector<double>& gradient) {
  std::string offenders;
  std::size_t count = 0;
  for (std::size_t i = 0; i < gradient.size(); ++i) {
    if (layout_.group(layout_.group_of(i)).frozen || std::isfinite(gradient[i])) continue;
    if (count < kNamedOffenders) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", gradient[i]);
      offenders += (count ? ", " : "") + layout_.spec(i).name + " (" + value + ")";
    }
    ++count;
  }
  if (count > kNamedOffenders) offenders += " and " + std::to_string(count - kNamedOffenders) + " more";

  StepReport report;
  report.step = state_.accepted_steps;
  report.rolled_back = true;
  char factor[64];
  std::snprintf(factor, sizeof factor, "%g", settings_.nan_backoff);
  report.message = "step " + std::to_string(state_.accepted_steps) + " rolled back:";
  if (!std::isfinite(loss)) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", loss);
    report.message += std::string(" loss is ") + value + (count ? ";" : "");
  }
  if (count) report.message += " non-finite gradient for " + offenders;
  report.message += std::string("; every rate multiplied by ") + factor;

  ++state_.rolled_back_steps;
  const double schedule = schedule_factor(settings_.schedule, state_.accepted_steps);
  for (std::size_t k = 0; k < layout_.group_count(); ++k) {
    state_.groups[k].backoff *= settings_.nan_backoff;
    const double rate = layout_.group(k).frozen ? 0.0 : base_rate(k) * state_.groups[k].backoff * schedule;
    report.groups.push_back({layout_.group(k).group, rate, 0.0});
  }
  return report;
}

StepReport Optimizer::step(std::vector<double>& x, const std::vector<double>& gradient, double loss) {
  const std::size_t n = layout_.parameter_count();
  if (x.size() != n || gradient.size() != n)
    throw std::invalid_argument("optimizer step: " + std::to_string(n) + " parameters, but x has " +
                                std::to_string(x.size()) + " entries and the gradient " +
                                std::to_string(gradient.size()));

  bool finite = std::isfinite(loss);
  for (std::size_t i = 0; i < n && finite; ++i)
    finite = layout_.group(layout_.group_of(i)).frozen || std::isfinite(gradient[i]);
  if (!finite) return roll_back(loss, gradient);

  StepReport report;
  report.step = state_.accepted_steps;
  const long long t = state_.accepted_steps + 1;
  const double schedule = schedule_factor(settings_.schedule, state_.accepted_steps);
  for (std::size_t k = 0; k < layout_.group_count(); ++k) {
    const GroupSettings& settings = layout_.group(k);
    GroupState& group = state_.groups[k];
    GroupStepReport& out = report.groups.emplace_back(GroupStepReport{settings.group, 0.0, 0.0});
    if (settings.frozen) continue;
    const std::vector<std::size_t>& members = layout_.members(k);
    if (!group.scale_seen) {
      // G_k = mean |g| over the group, at the first step where it is non-zero.
      double sum = 0.0;
      for (std::size_t i : members) sum += std::fabs(gradient[i]);
      const double mean = sum / static_cast<double>(members.size());
      if (mean > 0.0 && std::isfinite(mean)) {
        group.gradient_scale = mean;
        group.scale_seen = true;
      }
    }
    const double scale = group.scale_seen ? group.gradient_scale : 0.0;
    out.rate = base_rate(k) * group.backoff * schedule;
    for (std::size_t i : members) {
      double dx = raw_update(i, gradient[i], out.rate, scale, t);
      if (settings.max_update > 0.0 && std::fabs(dx) > settings.max_update) {
        dx = std::copysign(settings.max_update, dx);
        ++report.limited_by_max_update;
      }
      const ParameterSpec& spec = layout_.spec(i);
      const double moved = x[i] + dx;
      const double projected = std::clamp(moved, spec.lower, spec.upper);
      if (projected != moved) ++report.clamped_by_bounds;
      out.largest_update = std::max(out.largest_update, std::fabs(projected - x[i]));
      x[i] = projected;
    }
  }
  ++state_.accepted_steps;
  return report;
}

}  // namespace detgrad::optimize
