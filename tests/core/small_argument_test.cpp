// The small-argument series agree with the library functions to rounding, on both sides
// of their switch-over points, in float and double.
#include "detgrad/core/small_argument.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace detgrad {
namespace {

template <typename T>
void expect_close(T got, long double expected, T ulps) {
  const long double tolerance = ulps * std::numeric_limits<T>::epsilon() * std::fabs(expected);
  EXPECT_LE(std::fabs(got - expected), tolerance + std::numeric_limits<T>::min()) << "expected " << double(expected);
}

template <typename T>
void check_all() {
  for (int sign : {-1, 1}) {
    for (long double x = 1e-9L; x < 0.5L; x *= 1.37L) {
      const T xt = T(sign * x);
      const long double xl = xt;  // the argument as the type holds it
      expect_close<T>(log1p_small(xt), std::log1p(xl), T(4));
      expect_close<T>(expm1_small(xt), std::expm1(xl), T(4));
      expect_close<T>(tan_small(xt), std::tan(xl), T(4));
      if (xl > -0.5L) expect_close<T>(rsqrt1p_small(xt), 1.0L / std::sqrt(1.0L + xl), T(4));
    }
  }
}

TEST(SmallArgument, FloatMatchesLibrary) { check_all<float>(); }
TEST(SmallArgument, DoubleMatchesLibrary) { check_all<double>(); }

}  // namespace
}  // namespace detgrad
