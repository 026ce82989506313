#pragma once
// log1p, expm1 and tan of small arguments by truncated Taylor series, exact to rounding in
// the working precision, with the library function beyond the range where that holds.
// Transport calls these once or twice per step with arguments ~1e-5 to 1e-2, where the
// series are several times cheaper than the library calls (on CPU and GPU alike).
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad {

// Largest |x| for which each series below is exact to rounding: the first omitted term,
// relative to the result, stays below 1e-9 in float and 1e-18 in double.
template <typename T>
DETGRAD_HDI T series_limit_log1p() { return sizeof(T) == 4 ? T(0.03) : T(1e-3); }  // x^6 / 7
template <typename T>
DETGRAD_HDI T series_limit_expm1() { return sizeof(T) == 4 ? T(0.1) : T(1e-3); }  // x^6 / 5040
template <typename T>
DETGRAD_HDI T series_limit_tan() { return sizeof(T) == 4 ? T(0.1) : T(0.01); }    // 0.0089 x^10

template <typename T>
DETGRAD_HDI T series_limit_rsqrt1p() { return sizeof(T) == 4 ? T(1e-2) : T(1e-4); }  // 35/128 x^4

// 1/sqrt(1 + x) = 1 - x/2 + 3x^2/8 - 5x^3/16 + 35x^4/128 - ...
template <typename T>
DETGRAD_HDI T rsqrt1p_small(T x) {
  if (std::fabs(x) >= series_limit_rsqrt1p<T>()) return T(1) / std::sqrt(T(1) + x);
  return T(1) - x * (T(0.5) - x * (T(0.375) - x * T(0.3125)));
}

// log(1 + x) = x - x^2/2 + x^3/3 - x^4/4 + x^5/5 - x^6/6 + ...
template <typename T>
DETGRAD_HDI T log1p_small(T x) {
  if (std::fabs(x) >= series_limit_log1p<T>()) return std::log1p(x);
  return x * (T(1) - x * (T(1) / 2 - x * (T(1) / 3 - x * (T(1) / 4 - x * (T(1) / 5 - x * (T(1) / 6))))));
}

// exp(x) - 1 = x + x^2/2 + x^3/6 + x^4/24 + x^5/120 + x^6/720 + ...
template <typename T>
DETGRAD_HDI T expm1_small(T x) {
  if (std::fabs(x) >= series_limit_expm1<T>()) return std::expm1(x);
  return x * (T(1) + x * (T(1) / 2) * (T(1) + x * (T(1) / 3) * (T(1) + x * (T(1) / 4) * (T(1) + x * (T(1) / 5) * (T(1) + x * (T(1) / 6))))));
}

// tan(x) = x + x^3/3 + 2x^5/15 + 17x^7/315 + 62x^9/2835 + ...
template <typename T>
DETGRAD_HDI T tan_small(T x) {
  if (std::fabs(x) >= series_limit_tan<T>()) return std::tan(x);
  const T x2 = x * x;
  return x * (T(1) + x2 * (T(1) / 3 + x2 * (T(2) / 15 + x2 * (T(17) / 315 + x2 * (T(62) / 2835)))));
}

}  // namespace detgrad
