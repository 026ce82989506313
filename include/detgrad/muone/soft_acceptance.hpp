#pragma once
// Smooth acceptance of a module's active area for the optimisation mode: the step
// "|a| < half" becomes the logistic function
//   inside(a) = 1 / (1 + exp(-(half - |a|) / softness)),
// 1/2 on the edge, which gives module offsets and positions a gradient from the events that
// pass near an edge. (The evaluation mode uses the hard edge.)
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::muone {

template <typename T>
DETGRAD_HDI T soft_inside_saturation() { return sizeof(T) == 4 ? T(17) : T(37); }

template <typename T>
DETGRAD_HDI T soft_inside(T a, T half, T softness) {
  const T x = (half - std::fabs(a)) / softness;
  if (x > soft_inside_saturation<T>()) return T(1);
  return T(1) / (T(1) + std::exp(-x));
}

// d inside / d a = -sign(a) inside (1 - inside) / softness.
template <typename T>
DETGRAD_HDI void soft_inside_adjoint(T a, T half, T softness, T d_inside, T& d_a) {
  if ((half - std::fabs(a)) / softness > soft_inside_saturation<T>()) return;
  const T s = soft_inside(a, half, softness);
  const T sign = a >= T(0) ? T(1) : T(-1);
  d_a -= d_inside * sign * s * (T(1) - s) / softness;
}

}  // namespace detgrad::muone
