#pragma once
// Learning-rate schedule: one dimensionless factor s(t) that multiplies every group's rate.
// t = 0, 1, 2, ... counts the ACCEPTED steps before the one being taken (a step rolled back
// for NaN does not advance it), so a resumed run sees the same factors.
//
//   s(t) = w(t) * d(t)
//   warm-up  w(t) = min(1, (t + 1) / (W + 1))   W = warmup_steps; W = 0: w = 1.
//            The first W steps ramp linearly from 1/(W+1) up (never exactly 0: a step
//            with rate 0 would waste a whole simulation); step W onwards has w = 1.
//   decay    none:        d(t) = 1
//            cosine:      d(t) = (1 + cos(pi min(t, T) / T)) / 2     T = total_steps:
//                         1 at t = 0, 1/2 at t = T/2, 0 from t = T on;
//            exponential: d(t) = r^t                                  r = decay_rate.
// Warm-up and decay both count from t = 0 (the decay is not delayed by the warm-up).
namespace detgrad::optimize {

enum class DecayKind { none, cosine, exponential };

struct ScheduleSettings {
  int warmup_steps = 0;            // W >= 0
  DecayKind decay = DecayKind::none;
  int total_steps = 0;             // T > 0, cosine only
  double decay_rate = 1.0;         // r in (0, 1], exponential only: factor per step
};

// Throws std::invalid_argument naming the field on W < 0, cosine with T <= 0, exponential
// with r outside (0, 1].
void validate(const ScheduleSettings& schedule);

// s(t) above; t >= 0.
double schedule_factor(const ScheduleSettings& schedule, long long step);

}  // namespace detgrad::optimize
