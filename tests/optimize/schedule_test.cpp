// The schedule factors documented in optimize/schedule.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "optimize/schedule.hpp"

namespace detgrad::optimize {
namespace {

TEST(Schedule, NoneIsOne) {
  const ScheduleSettings s;
  for (long long t : {0LL, 1LL, 1000LL}) EXPECT_EQ(schedule_factor(s, t), 1.0);
}

TEST(Schedule, LinearWarmup) {
  ScheduleSettings s;
  s.warmup_steps = 4;  // w(t) = min(1, (t + 1) / 5)
  const double expected[] = {0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0};
  for (int t = 0; t < 7; ++t) EXPECT_DOUBLE_EQ(schedule_factor(s, t), expected[t]) << t;
}

TEST(Schedule, Cosine) {
  ScheduleSettings s;
  s.decay = DecayKind::cosine;
  s.total_steps = 10;  // d(t) = (1 + cos(pi t / 10)) / 2
  EXPECT_DOUBLE_EQ(schedule_factor(s, 0), 1.0);
  EXPECT_NEAR(schedule_factor(s, 5), 0.5, 1e-15);
  EXPECT_NEAR(schedule_factor(s, 2), 0.5 * (1.0 + std::cos(0.2 * 3.14159265358979323846)), 1e-15);
  EXPECT_NEAR(schedule_factor(s, 10), 0.0, 1e-15);
  EXPECT_NEAR(schedule_factor(s, 25), 0.0, 1e-15);
  for (int t = 1; t <= 10; ++t) EXPECT_LT(schedule_factor(s, t), schedule_factor(s, t - 1));
}

TEST(Schedule, Exponential) {
  ScheduleSettings s;
  s.decay = DecayKind::exponential;
  s.decay_rate = 0.9;  // d(t) = 0.9^t
  EXPECT_DOUBLE_EQ(schedule_factor(s, 0), 1.0);
  EXPECT_DOUBLE_EQ(schedule_factor(s, 1), 0.9);
  EXPECT_DOUBLE_EQ(schedule_factor(s, 3), 0.729);
}

TEST(Schedule, WarmupAndDecayMultiply) {
  ScheduleSettings s;
  s.warmup_steps = 1;
  s.decay = DecayKind::exponential;
  s.decay_rate = 0.5;
  EXPECT_DOUBLE_EQ(schedule_factor(s, 0), 0.5 * 1.0);
  EXPECT_DOUBLE_EQ(schedule_factor(s, 1), 1.0 * 0.5);
  EXPECT_DOUBLE_EQ(schedule_factor(s, 2), 1.0 * 0.25);
}

TEST(Schedule, ValidationNamesTheField) {
  ScheduleSettings s;
  s.warmup_steps = -1;
  EXPECT_THROW(validate(s), std::invalid_argument);
  s = ScheduleSettings{};
  s.decay = DecayKind::cosine;
  EXPECT_THROW(validate(s), std::invalid_argument);
  s.total_steps = 5;
  EXPECT_NO_THROW(validate(s));
  s = ScheduleSettings{};
  s.decay = DecayKind::exponential;
  s.decay_rate = 1.5;
  try {
    validate(s);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("decay_rate"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace detgrad::optimize
