// Optimizer behaviour on a separable quadratic bowl whose two groups have very different
// scales: "position" in m (curvature 1e4 per m^2) and "resolution" in mm (1e-3 per mm^2).
//   L = sum_i k_i (x_i - c_i)^2 / 2,   dL/dx_i = k_i (x_i - c_i).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "optimize/optimizer.hpp"

namespace detgrad::optimize {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Bowl {
  std::vector<double> centre{0.3, -0.2, 0.05, 60.0, 95.0};
  std::vector<double> curvature{1e4, 1e4, 1e4, 1e-3, 1e-3};
  std::vector<double> start{0.0, 0.1, -0.2, 100.0, 80.0};
  double loss(const std::vector<double>& x) const {
    double l = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) l += 0.5 * curvature[i] * (x[i] - centre[i]) * (x[i] - centre[i]);
    return l;
  }
  std::vector<double> gradient(const std::vector<double>& x) const {
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) g[i] = curvature[i] * (x[i] - centre[i]);
    return g;
  }
};

std::vector<ParameterSpec> bowl_specs(double position_lower = -kInf, double position_upper = kInf) {
  return {{"z[0]", "m", "position", position_lower, position_upper},
          {"z[1]", "m", "position", position_lower, position_upper},
          {"z[2]", "m", "position", position_lower, position_upper},
          {"sigma[0]", "mm", "resolution", 1.0, 1000.0},
          {"sigma[1]", "mm", "resolution", 1.0, 1000.0}};
}

std::vector<GroupSettings> bowl_groups(double position_limit = 0.0, bool freeze_resolution = false) {
  return {{"position", 0.01, position_limit, false}, {"resolution", 1.0, 0.0, freeze_resolution}};
}

OptimizerSettings settings_for(OptimizerKind kind) {
  OptimizerSettings s;
  s.kind = kind;
  return s;
}

TEST(Optimizer, AdamConvergesOnBowlWithMixedScales) {
  const Bowl bowl;
  OptimizerSettings settings = settings_for(OptimizerKind::adam);
  settings.schedule.decay = DecayKind::cosine;  // Adam hovers at ~rate around the minimum; decay settles it
  settings.schedule.total_steps = 400;
  Optimizer optimizer(bowl_specs(), bowl_groups(), settings);
  std::vector<double> x = bowl.start;
  const double initial_loss = bowl.loss(x);
  for (int step = 0; step < 400; ++step) optimizer.step(x, bowl.gradient(x), bowl.loss(x));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(x[i], bowl.centre[i], 1e-4) << "position " << i;
  for (std::size_t i = 3; i < 5; ++i) EXPECT_NEAR(x[i], bowl.centre[i], 1e-2) << "resolution " << i;
  EXPECT_LT(bowl.loss(x), 1e-6 * initial_loss);
}

TEST(Optimizer, SgdConvergesOnBowlWithMixedScales) {
  const Bowl bowl;
  Optimizer optimizer(bowl_specs(), bowl_groups(), settings_for(OptimizerKind::sgd));
  std::vector<double> x = bowl.start;
  for (int step = 0; step < 400; ++step) optimizer.step(x, bowl.gradient(x), bowl.loss(x));
  // lr k = 0.035 per group with momentum 0.9: contraction sqrt(0.9) per step, ~1e-9 after 400.
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(x[i], bowl.centre[i], 1e-6 * std::fabs(bowl.start[i] - bowl.centre[i]));
}

TEST(Optimizer, SgdFirstUpdateHasStepSizeMeanMagnitude) {
  const Bowl bowl;
  Optimizer optimizer(bowl_specs(), bowl_groups(), settings_for(OptimizerKind::sgd));
  std::vector<double> x = bowl.start;
  const StepReport report = optimizer.step(x, bowl.gradient(x), bowl.loss(x));
  double position = 0.0, resolution = 0.0;
  for (std::size_t i = 0; i < 3; ++i) position += std::fabs(x[i] - bowl.start[i]) / 3.0;
  for (std::size_t i = 3; i < 5; ++i) resolution += std::fabs(x[i] - bowl.start[i]) / 2.0;
  EXPECT_NEAR(position, 0.01, 1e-12);
  EXPECT_NEAR(resolution, 1.0, 1e-10);
  // rate = step_size / mean|g|: mean|g| = 1e4 * (0.3 + 0.3 + 0.25) / 3 per m.
  EXPECT_NEAR(report.groups[0].rate, 0.01 / (1e4 * 0.85 / 3.0), 1e-18);
}

TEST(Optimizer, AdamFirstUpdateIsStepSizeTimesSign) {
  const Bowl bowl;
  Optimizer optimizer(bowl_specs(), bowl_groups(), settings_for(OptimizerKind::adam));
  std::vector<double> x = bowl.start;
  const std::vector<double> g = bowl.gradient(x);
  const StepReport report = optimizer.step(x, g, bowl.loss(x));
  const double step_size[5] = {0.01, 0.01, 0.01, 1.0, 1.0};
  for (std::size_t i = 0; i < 5; ++i)
    EXPECT_NEAR(x[i] - bowl.start[i], -step_size[i] * std::copysign(1.0, g[i]), 1e-9 * step_size[i]) << i;
  EXPECT_EQ(report.groups[0].rate, 0.01);
  EXPECT_NEAR(report.groups[0].largest_update, 0.01, 1e-12);
  EXPECT_FALSE(report.rolled_back);
}

TEST(Optimizer, BoundsHoldAfterEveryStepAndOutsideMinimumEndsOnBoundary) {
  const Bowl bowl;  // centres 0.3 and -0.2 lie outside [-0.1, 0.2]; 0.05 inside
  for (OptimizerKind kind : {OptimizerKind::adam, OptimizerKind::sgd}) {
    Optimizer optimizer(bowl_specs(-0.1, 0.2), bowl_groups(), settings_for(kind));
    std::vector<double> x = bowl.start;
    std::size_t clamped = 0;
    for (int step = 0; step < 300; ++step) {
      clamped += optimizer.step(x, bowl.gradient(x), bowl.loss(x)).clamped_by_bounds;
      for (std::size_t i = 0; i < 3; ++i) ASSERT_TRUE(x[i] >= -0.1 && x[i] <= 0.2) << "step " << step << " x" << i;
    }
    EXPECT_EQ(x[0], 0.2);
    EXPECT_EQ(x[1], -0.1);
    EXPECT_NEAR(x[2], 0.05, 1e-3);
    EXPECT_GT(clamped, 0u);
  }
}

TEST(Optimizer, UpdateLimitHolds) {
  const Bowl bowl;
  for (OptimizerKind kind : {OptimizerKind::adam, OptimizerKind::sgd}) {
    Optimizer optimizer(bowl_specs(), bowl_groups(0.002), settings_for(kind));
    std::vector<double> x = bowl.start;
    std::size_t limited = 0;
    for (int step = 0; step < 50; ++step) {
      const std::vector<double> before = x;
      const StepReport report = optimizer.step(x, bowl.gradient(x), bowl.loss(x));
      // |dx| <= 2 mm exactly; the change x_new - x_old carries the rounding of x + dx.
      const double limit = 0.002 * (1.0 + 1e-12);
      for (std::size_t i = 0; i < 3; ++i) ASSERT_LE(std::fabs(x[i] - before[i]), limit) << "step " << step;
      ASSERT_LE(report.groups[0].largest_update, limit);
      limited += report.limited_by_max_update;
    }
    EXPECT_GE(limited, 3u * 50u - 3u);  // 0.01 m steps wanted, 2 mm allowed: nearly always limited
  }
}

TEST(Optimizer, NonFiniteGradientRollsBackHalvesRatesAndNextStepProceeds) {
  const Bowl bowl;
  Optimizer optimizer(bowl_specs(), bowl_groups(), settings_for(OptimizerKind::adam));
  std::vector<double> x = bowl.start;
  std::vector<double> bad = bowl.gradient(x);
  bad[1] = kNaN;
  bad[4] = kInf;
  const StepReport report = optimizer.step(x, bad, bowl.loss(x));
  EXPECT_TRUE(report.rolled_back);
  EXPECT_EQ(x, bowl.start);  // bitwise: doubles compare exactly
  EXPECT_NE(report.message.find("z[1] (nan)"), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("sigma[1] (inf)"), std::string::npos) << report.message;
  EXPECT_EQ(report.message.find("z[0]"), std::string::npos) << report.message;
  EXPECT_EQ(report.groups[0].rate, 0.005);
  EXPECT_EQ(report.groups[1].rate, 0.5);
  EXPECT_EQ(optimizer.accepted_steps(), 0);
  EXPECT_EQ(optimizer.rolled_back_steps(), 1);

  // The next finite step is Adam's first (moments untouched, t = 1) at half the rate.
  const std::vector<double> g = bowl.gradient(x);
  const StepReport next = optimizer.step(x, g, bowl.loss(x));
  EXPECT_FALSE(next.rolled_back);
  EXPECT_TRUE(next.message.empty());
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(x[i] - bowl.start[i], -0.005 * std::copysign(1.0, g[i]), 1e-12);
  EXPECT_EQ(optimizer.accepted_steps(), 1);
}

TEST(Optimizer, NonFiniteLossRollsBack) {
  const Bowl bowl;
  for (OptimizerKind kind : {OptimizerKind::adam, OptimizerKind::sgd}) {
    Optimizer optimizer(bowl_specs(), bowl_groups(), settings_for(kind));
    std::vector<double> x = bowl.start;
    const double first_rate = optimizer.step(x, bowl.gradient(x), bowl.loss(x)).groups[1].rate;
    const std::vector<double> after_first = x;
    const StepReport report = optimizer.step(x, bowl.gradient(x), kNaN);
    EXPECT_TRUE(report.rolled_back);
    EXPECT_NE(report.message.find("loss is nan"), std::string::npos) << report.message;
    EXPECT_EQ(x, after_first);
    const StepReport second = optimizer.step(x, bowl.gradient(x), -kInf);
    EXPECT_TRUE(second.rolled_back);
    EXPECT_EQ(x, after_first);
    EXPECT_EQ(second.groups[1].rate, 0.25 * first_rate);
    const StepReport finite = optimizer.step(x, bowl.gradient(x), bowl.loss(x));
    EXPECT_FALSE(finite.rolled_back);
    EXPECT_EQ(finite.groups[1].rate, 0.25 * first_rate);
    EXPECT_NE(x, after_first);  // the finite step moved on
  }
}

TEST(Optimizer, FrozenGroupDoesNotMoveAndItsGradientIsIgnored) {
  const Bowl bowl;
  for (OptimizerKind kind : {OptimizerKind::adam, OptimizerKind::sgd}) {
    Optimizer optimizer(bowl_specs(), bowl_groups(0.0, true), settings_for(kind));
    std::vector<double> x = bowl.start;
    for (int step = 0; step < 20; ++step) {
      std::vector<double> g = bowl.gradient(x);
      g[3] = kNaN;  // not used, so not a reason to roll back
      const StepReport report = optimizer.step(x, g, bowl.loss(x));
      ASSERT_FALSE(report.rolled_back);
      EXPECT_EQ(report.groups[1].rate, 0.0);
      EXPECT_EQ(report.groups[1].largest_update, 0.0);
    }
    EXPECT_EQ(x[3], bowl.start[3]);
    EXPECT_EQ(x[4], bowl.start[4]);
    EXPECT_NE(x[0], bowl.start[0]);
  }
}

TEST(Optimizer, WarmupScalesTheFirstUpdate) {
  const Bowl bowl;
  OptimizerSettings settings = settings_for(OptimizerKind::adam);
  settings.schedule.warmup_steps = 3;  // factors 1/4, 2/4, 3/4, 1, ...
  Optimizer optimizer(bowl_specs(), bowl_groups(), settings);
  std::vector<double> x = bowl.start;
  const double expected[5] = {0.25, 0.5, 0.75, 1.0, 1.0};
  for (double factor : expected) EXPECT_DOUBLE_EQ(optimizer.step(x, bowl.gradient(x), 1.0).groups[0].rate, 0.01 * factor);
  EXPECT_NEAR(std::fabs(x[0] - bowl.start[0]), 0.01 * (0.25 + 0.5 + 0.75 + 1.0 + 1.0), 1e-3);
}

TEST(Optimizer, RejectsBadConfiguration) {
  const auto make = [](std::vector<ParameterSpec> specs, std::vector<GroupSettings> groups, OptimizerSettings s) {
    Optimizer optimizer(std::move(specs), std::move(groups), s);
  };
  const OptimizerSettings ok;
  const GroupSettings g{"g", 0.01, 0.0, false};
  EXPECT_THROW(make({}, {g}, ok), std::invalid_argument);
  EXPECT_THROW(make({{"a", "m", "g", 1.0, 0.0}}, {g}, ok), std::invalid_argument);                      // lower > upper
  EXPECT_THROW(make({{"a", "m", "h", 0.0, 1.0}}, {g}, ok), std::invalid_argument);                      // no settings
  EXPECT_THROW(make({{"a", "m", "g", 0.0, 1.0}}, {g, {"h", 1.0, 0.0, false}}, ok), std::invalid_argument);  // empty group
  EXPECT_THROW(make({{"a", "m", "g", 0, 1}, {"a", "m", "g", 0, 1}}, {g}, ok), std::invalid_argument);   // duplicate
  EXPECT_THROW(make({{"a", "m", "g", 0.0, 1.0}}, {{"g", 0.0, 0.0, false}}, ok), std::invalid_argument);  // step 0
  EXPECT_NO_THROW(make({{"a", "m", "g", 0.0, 1.0}}, {{"g", 0.0, 0.0, true}}, ok));                     // frozen: fine
  OptimizerSettings bad = ok;
  bad.beta1 = 1.0;
  EXPECT_THROW(make({{"a", "m", "g", 0.0, 1.0}}, {g}, bad), std::invalid_argument);
  bad = ok;
  bad.schedule.decay = DecayKind::cosine;  // total_steps missing
  EXPECT_THROW(make({{"a", "m", "g", 0.0, 1.0}}, {g}, bad), std::invalid_argument);
  try {
    make({{"a", "m", "h", 0.0, 1.0}}, {g}, ok);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'a': group 'h' has no settings"), std::string::npos) << e.what();
  }
}

TEST(Optimizer, StepRejectsWrongSizes) {
  Optimizer optimizer(bowl_specs(), bowl_groups(), OptimizerSettings{});
  std::vector<double> x(5, 0.0);
  EXPECT_THROW(optimizer.step(x, std::vector<double>(4, 0.0), 0.0), std::invalid_argument);
  std::vector<double> short_x(4, 0.0);
  EXPECT_THROW(optimizer.step(short_x, std::vector<double>(5, 0.0), 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace detgrad::optimize
