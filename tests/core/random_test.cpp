// Counter-based event random numbers: reproducibility, independence of streams, and the
// moments of the uniform and normal draws.
#include "detgrad/core/random.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad {
namespace {

TEST(EventRandom, SameCounterSameDraws) {
  EventRandom a(42, 3, RandomStream::transport, 123456789012ull);
  EventRandom b(42, 3, RandomStream::transport, 123456789012ull);
  for (int i = 0; i < 37; ++i) EXPECT_EQ(a.next_u32(), b.next_u32());
}

TEST(EventRandom, StreamsStepsEventsAndSeedsDiffer) {
  const auto first = [](std::uint64_t seed, std::uint32_t step, RandomStream s, std::uint64_t ev) {
    EventRandom r(seed, step, s, ev);
    return r.next_u32();
  };
  const std::uint32_t base = first(1, 0, RandomStream::source, 0);
  EXPECT_NE(base, first(2, 0, RandomStream::source, 0));
  EXPECT_NE(base, first(1, 1, RandomStream::source, 0));
  EXPECT_NE(base, first(1, 0, RandomStream::transport, 0));
  EXPECT_NE(base, first(1, 0, RandomStream::source, 1));
  EXPECT_NE(base, first(1, 0, RandomStream::source, 1ull << 32));
}

TEST(EventRandom, MatchesRawPhiloxBlocks) {
  // Step 0, stream 0: the counter is (draw block, 0, event lo, event hi), as in cuRAND.
  const std::uint64_t seed = 0x123456789abcdefull, event = 77;
  EventRandom r(seed, 0, RandomStream::source, event);
  for (std::uint32_t block = 0; block < 3; ++block) {
    const PhiloxCounter expected = philox4x32_10({{block, 0, std::uint32_t(event), 0}},
                                                 {{std::uint32_t(seed), std::uint32_t(seed >> 32)}});
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r.next_u32(), expected.v[i]);
  }
}

TEST(EventRandom, UniformIsOpenIntervalAndFloatEqualsDouble) {
  EventRandom rf(7, 0, RandomStream::source, 5), rd(7, 0, RandomStream::source, 5);
  for (int i = 0; i < 1000; ++i) {
    const float f = rf.uniform<float>();
    const double d = rd.uniform<double>();
    EXPECT_GT(d, 0.0);
    EXPECT_LT(d, 1.0);
    EXPECT_EQ(double(f), d);
  }
}

TEST(EventRandom, NormalMoments) {
  // 2e5 draws: standard errors of mean 2.2e-3, of variance 3.2e-3, of 4th moment ~1.1e-2.
  double s1 = 0, s2 = 0, s4 = 0;
  const int n = 100000;
  for (int e = 0; e < n; ++e) {
    EventRandom r(11, 0, RandomStream::transport, e);
    double z1, z2;
    r.normal_pair(z1, z2);
    for (double z : {z1, z2}) {
      s1 += z;
      s2 += z * z;
      s4 += z * z * z * z;
    }
  }
  const double m = 2.0 * n;
  EXPECT_NEAR(s1 / m, 0.0, 5 * 2.2e-3);
  EXPECT_NEAR(s2 / m, 1.0, 5 * 3.2e-3);
  EXPECT_NEAR(s4 / m, 3.0, 5 * 1.1e-2);
}

}  // namespace
}  // namespace detgrad

namespace detgrad {
namespace {

// sincos_turns against the library's sin and cos of 2 pi u (long double), over a dense set
// of u including the quarter-turn boundaries.
template <typename T>
void check_sincos_turns(long double tolerance) {
  long double worst = 0;
  for (int i = 0; i <= 40000; ++i) {
    const T u = T(i) / T(40000);
    T s, c;
    sincos_turns(u, s, c);
    const long double phase = 2.0L * 3.14159265358979323846264338327950288L * (long double)u;
    worst = std::max(worst, std::max(std::fabs(s - std::sin(phase)), std::fabs(c - std::cos(phase))));
  }
  EXPECT_LE(worst, tolerance);
}

TEST(SincosTurns, FloatWithinRounding) { check_sincos_turns<float>(2e-7L); }
TEST(SincosTurns, DoubleWithinRounding) { check_sincos_turns<double>(5e-16L); }

}  // namespace
}  // namespace detgrad
