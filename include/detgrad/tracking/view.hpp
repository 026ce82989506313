#pragma once
// The view of a measuring plane: the direction (cos a, sin a) in the transverse (x, y) plane
// along which it measures, u = cos a x + sin a y. A view is kept as its (cos, sin) pair, not
// as the angle, so that the x view is exactly (1, 0) and the y view exactly (0, 1)
// (cos(pi / 2) is 6e-17 in double, not 0); stereo views come from their angle.
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::tracking {

template <typename T>
struct View {
  T cos_a, sin_a;
};

template <typename T>
DETGRAD_HDI View<T> x_view() {
  return {T(1), T(0)};
}

template <typename T>
DETGRAD_HDI View<T> y_view() {
  return {T(0), T(1)};
}

// The view measuring along angle a (rad) from the x axis towards the y axis.
template <typename T>
DETGRAD_HDI View<T> view_from_angle(T angle_rad) {
  return {std::cos(angle_rad), std::sin(angle_rad)};
}

// d a += -d cos sin a + d sin cos a.
template <typename T>
DETGRAD_HDI void view_from_angle_adjoint(T angle_rad, const View<T>& d_view, T& d_angle_rad) {
  d_angle_rad += -d_view.cos_a * std::sin(angle_rad) + d_view.sin_a * std::cos(angle_rad);
}

}  // namespace detgrad::tracking
