#include "optimize/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "detgrad/core/units.hpp"

namespace detgrad::optimize {

void validate(const ScheduleSettings& s) {
  if (s.warmup_steps < 0)
    throw std::invalid_argument("optimizer schedule: warmup_steps " + std::to_string(s.warmup_steps) + " must be >= 0");
  if (s.decay == DecayKind::cosine && s.total_steps <= 0)
    throw std::invalid_argument("optimizer schedule: cosine decay needs total_steps > 0, got " +
                                std::to_string(s.total_steps));
  if (s.decay == DecayKind::exponential && !(s.decay_rate > 0.0 && s.decay_rate <= 1.0))
    throw std::invalid_argument("optimizer schedule: exponential decay_rate " + std::to_string(s.decay_rate) +
                                " must be in (0, 1]");
}

double schedule_factor(const ScheduleSettings& s, long long step) {
  const double t = static_cast<double>(std::max(step, 0LL));
  const double warmup = std::min(1.0, (t + 1.0) / (static_cast<double>(s.warmup_steps) + 1.0));
  double decay = 1.0;
  switch (s.decay) {
    case DecayKind::none:
      break;
    case DecayKind::cosine: {
      const double total = static_cast<double>(s.total_steps);
      decay = 0.5 * (1.0 + std::cos(units::kPi * std::min(t, total) / total));
      break;
    }
    case DecayKind::exponential:
      decay = std::pow(s.decay_rate, t);
      break;
  }
  return warmup * decay;
}

}  // namespace detgrad::optimize
