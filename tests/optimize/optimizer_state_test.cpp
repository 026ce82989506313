// Checkpointing the optimiser: exact doubles, resume == uninterrupted (bitwise), and
// restore() refusing a state that does not fit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "optimize/exact_double.hpp"
#include "optimize/optimizer.hpp"

namespace detgrad::optimize {
namespace {

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

TEST(ExactDouble, RoundTripsEveryKindOfValueBitwise) {
  const double specials[] = {0.0, -0.0, 0.1, -1.0 / 3.0, 1e-310, -4.9e-324, 1.7976931348623157e308,
                             std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (double v : specials) EXPECT_EQ(bits(decode_exact(encode_exact(v), "v")), bits(v)) << encode_exact(v);
  EXPECT_TRUE(std::isnan(decode_exact(encode_exact(std::nan("")), "v")));
  EXPECT_EQ(encode_exact(1.0), "0x1p+0");
  EXPECT_EQ(encode_exact(-0.0), "-0x0p+0");
  std::mt19937_64 rng(7);
  for (int k = 0; k < 10000; ++k) {
    std::uint64_t b = rng();
    double v;
    std::memcpy(&v, &b, sizeof v);
    if (std::isnan(v)) continue;
    ASSERT_EQ(bits(decode_exact(encode_exact(v), "v")), b) << encode_exact(v);
  }
}

TEST(ExactDouble, RejectsNonHexText) {
  for (const char* text : {"", "1.5", "0x", "0x1p+0 ", "0x-1p+0", "--0x1p0", "0xzz", "Infinity"})
    EXPECT_THROW(decode_exact(text, "where"), std::runtime_error) << text;
}

// A problem with bounds, two groups and a NaN somewhere, to exercise every part of the state.
struct Problem {
  std::vector<ParameterSpec> specs{{"a[0]", "m", "a", -1.0, 0.25}, {"a[1]", "m", "a", -1.0, 1.0},
                                   {"b[0]", "ns", "b", 0.0, 50.0}};
  std::vector<GroupSettings> groups{{"a", 0.02, 0.0, false}, {"b", 0.5, 0.3, false}};
  std::vector<double> start{0.0, 0.5, 20.0};
  // Non-quadratic, so the moments carry information: L = (a0 - 0.4)^4 + cosh(a1) + (b0 - 7)^2 / 100.
  double loss(const std::vector<double>& x) const {
    return std::pow(x[0] - 0.4, 4) + std::cosh(x[1]) + (x[2] - 7.0) * (x[2] - 7.0) / 100.0;
  }
  std::vector<double> gradient(const std::vector<double>& x, int step) const {
    std::vector<double> g{4.0 * std::pow(x[0] - 0.4, 3), std::sinh(x[1]), (x[2] - 7.0) / 50.0};
    if (step == 3) g[1] = std::numeric_limits<double>::quiet_NaN();  // a rolled-back step
    return g;
  }
};

OptimizerSettings scheduled(OptimizerKind kind) {
  OptimizerSettings s;
  s.kind = kind;
  s.schedule.warmup_steps = 2;
  s.schedule.decay = DecayKind::cosine;
  s.schedule.total_steps = 40;
  return s;
}

class Resume : public ::testing::TestWithParam<OptimizerKind> {};

TEST_P(Resume, ContinuesBitwiseLikeTheUninterruptedRun) {
  const Problem p;
  const int total = 30, checkpoint = 12;
  Optimizer uninterrupted(p.specs, p.groups, scheduled(GetParam()));
  std::vector<double> x = p.start;
  std::vector<double> x_at_checkpoint;
  std::string saved;
  for (int step = 0; step < total; ++step) {
    if (step == checkpoint) {
      saved = uninterrupted.state().dump();  // through text, as a checkpoint file would be
      x_at_checkpoint = x;
    }
    uninterrupted.step(x, p.gradient(x, step), p.loss(x));
  }
  Optimizer resumed(p.specs, p.groups, scheduled(GetParam()));
  resumed.restore(nlohmann::json::parse(saved));
  EXPECT_EQ(resumed.state().dump(), saved);
  EXPECT_EQ(resumed.rolled_back_steps(), 1);
  std::vector<double> y = x_at_checkpoint;
  for (int step = checkpoint; step < total; ++step) resumed.step(y, p.gradient(y, step), p.loss(y));
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(bits(y[i]), bits(x[i])) << i;
  EXPECT_EQ(resumed.state(), uninterrupted.state());
}

INSTANTIATE_TEST_SUITE_P(Kinds, Resume, ::testing::Values(OptimizerKind::adam, OptimizerKind::sgd),
                         [](const auto& info) { return std::string(to_string(info.param)); });

std::string restore_error(Optimizer& optimizer, const nlohmann::json& state) {
  try {
    optimizer.restore(state);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST(Restore, RefusesAStateThatDoesNotFit) {
  const Problem p;
  Optimizer source(p.specs, p.groups, OptimizerSettings{});
  std::vector<double> x = p.start;
  source.step(x, p.gradient(x, 0), p.loss(x));
  const nlohmann::json good = source.state();

  Optimizer target(p.specs, p.groups, OptimizerSettings{});
  const nlohmann::json before = target.state();
  const auto expect_error = [&](nlohmann::json state, const std::string& fragment) {
    const std::string error = restore_error(target, state);
    EXPECT_NE(error.find(fragment), std::string::npos) << "expected '" << fragment << "' in: " << error;
    EXPECT_EQ(target.state(), before) << "a failed restore must leave the state untouched";
  };

  std::vector<ParameterSpec> fewer = p.specs;
  fewer.erase(fewer.begin() + 1);
  Optimizer other(fewer, p.groups, OptimizerSettings{});
  EXPECT_NE(restore_error(other, good).find("the state has 3 parameters, this optimiser 2"), std::string::npos);

  nlohmann::json s = good;
  s["parameters"][1] = "a[7]";
  expect_error(s, "parameters[1]: 'a[7]', expected 'a[1]'");
  s = good;
  s["kind"] = "sgd";
  expect_error(s, "kind: the state is for a 'sgd' optimiser, this one is 'adam'");
  s = good;
  s["first_moment"][2] = 0.125;
  expect_error(s, "first_moment[2]: expected a string");
  s = good;
  s["second_moment"][0] = "0.125";
  expect_error(s, "second_moment[0]: '0.125' is not an exact double");
  s = good;
  s["second_moment"].erase(0);
  expect_error(s, "second_moment: 2 entries, expected 3");
  s = good;
  s["groups"][1]["scale_seen"] = 1;
  expect_error(s, "groups[1].scale_seen: expected true or false");
  s = good;
  s["groups"][0]["group"] = "c";
  expect_error(s, "groups[0].group: 'c', expected 'a'");
  s = good;
  s.erase("accepted_steps");
  expect_error(s, "accepted_steps: missing");
  s = good;
  s["accepted_steps"] = -2;
  expect_error(s, "accepted_steps: expected an integer >= 0");
  s = good;
  s["velocity"] = nlohmann::json::array();
  expect_error(s, "velocity: unknown key");
  expect_error(nlohmann::json::array(), "(top level): expected an object");

  target.restore(good);
  EXPECT_EQ(target.state(), good);
}

}  // namespace
}  // namespace detgrad::optimize
