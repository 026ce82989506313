#pragma once
// Soft assignment of a point with Gaussian uncertainty (mean P, rms sigma) to the cells of
// one axis of a regular grid: cell [a, b) receives
//   p = Phi((b - P)/sigma) - Phi((a - P)/sigma),
// for the 2K+1 cells around the cell holding P (clamped to the grid; cells outside the grid
// are dropped, so a point near or beyond a face keeps only the mass inside the grid). The
// 3D weight of voxel (i, j, k) is p_x[i] p_y[j] p_z[k].
//
// Normalisation (a runtime choice): WindowNormalisation::none keeps the probabilities
// (sum <= 1: mass outside the window or the grid is lost, so a poorly located muon weighs
// less); renormalised divides by their sum (sum = 1 whenever the window holds any mass;
// if the sum is 0, e.g. a point far outside the grid, every p stays 0).
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::tomography {

// Half-width of the window in cells: 2 keeps at least 2 cell sizes on either side of P
// (all but 6e-5 of the mass when sigma <= half a cell: the two-sided 4-sigma tail).
constexpr int kAssignmentHalfWindow = 2;

enum class WindowNormalisation { none, renormalised };

template <typename T>
struct GridAxis {
  T origin_m;     // low edge of cell 0
  T cell_size_m;
  int count;
};

template <typename T, int K = kAssignmentHalfWindow>
struct AxisAssignment {
  int first;           // index of the first cell of the window
  int count;           // cells in the window (<= 2K+1, fewer at the grid's faces)
  T prob[2 * K + 1];   // prob[i] for cell first + i
};

// Standard normal CDF Phi(u) = erfc(-u / sqrt 2) / 2 (accurate in both tails relative to
// the result where it is small; erfcf on the GPU for float) and density phi(u).
// Far in the lower tail both underflow to exactly 0 (erfc from u = -14.22 in float and
// -38.51 in double; exp(-u^2/2) from |u| = 14.43 and 38.61; measured with glibc): the
// special function is skipped there, with the same result (most window boundaries lie
// many sigma from a well-measured PoCA).
template <typename T>
DETGRAD_HDI T normal_cdf(T u) {
  if (u < (sizeof(T) == 4 ? T(-15) : T(-39))) return T(0);
  return T(0.5) * std::erfc(-u * T(0.70710678118654752440));
}
template <typename T>
DETGRAD_HDI T normal_pdf(T u) {
  if (std::fabs(u) > (sizeof(T) == 4 ? T(14.5) : T(38.7))) return T(0);
  return T(0.39894228040143267794) * std::exp(T(-0.5) * u * u);
}

namespace assignment_detail {
template <typename T, int K>
DETGRAD_HDI void window(T position, const GridAxis<T>& axis, int& first, int& count) {
  const T u = (position - axis.origin_m) / axis.cell_size_m;
  // Clamp in the real domain before converting, so a far-away point cannot overflow int.
  const T uc = u < T(0) ? T(0) : (u > T(axis.count - 1) ? T(axis.count - 1) : u);
  const int centre = int(std::floor(uc));
  first = centre - K < 0 ? 0 : centre - K;
  const int last = centre + K > axis.count - 1 ? axis.count - 1 : centre + K;
  count = last - first + 1;
}
}  // namespace assignment_detail

// The window is centred on the cell holding `window_centre` (usually the position itself;
// a caller may fix it elsewhere so that it does not move with the position).
template <typename T, int K>
DETGRAD_HDI void assign_axis_around(T position, T sigma, T window_centre, const GridAxis<T>& axis,
                                    WindowNormalisation norm, AxisAssignment<T, K>& out) {
  assignment_detail::window<T, K>(window_centre, axis, out.first, out.count);
  // The count + 1 cell boundaries are shared by neighbouring cells: one tail probability
  // each, t = Phi(-|u|), and each cell's probability from the side where its ends lie.
  T u[2 * K + 2] = {}, tail[2 * K + 2] = {};
  for (int i = 0; i <= out.count; ++i) {
    u[i] = (axis.origin_m + T(out.first + i) * axis.cell_size_m - position) / sigma;
    tail[i] = normal_cdf(-std::fabs(u[i]));
  }
  T sum = T(0);
  for (int i = 0; i < 2 * K + 1; ++i) {
    out.prob[i] = T(0);
    if (i >= out.count) continue;
    if (u[i] > T(0)) out.prob[i] = tail[i] - tail[i + 1];              // Q(ua) - Q(ub)
    else if (u[i + 1] <= T(0)) out.prob[i] = tail[i + 1] - tail[i];    // Phi(ub) - Phi(ua)
    else out.prob[i] = (T(1) - tail[i + 1]) - tail[i];                 // straddles P
    sum += out.prob[i];
  }
  if (norm == WindowNormalisation::renormalised && sum > T(0))
    for (int i = 0; i < out.count; ++i) out.prob[i] /= sum;
}

template <typename T, int K>
DETGRAD_HDI void assign_axis(T position, T sigma, const GridAxis<T>& axis, WindowNormalisation norm,
                             AxisAssignment<T, K>& out) {
  assign_axis_around(position, sigma, position, axis, norm, out);
}

// With u = (c - P)/sigma: d Phi(u)/dP = -phi(u)/sigma, d Phi(u)/dsigma = -u phi(u)/sigma.
// Renormalised p_i = q_i / S, S = sum q: d q_i = (d p_i - sum_j d p_j p_j) / S.
// Only d_out.prob is read (the window is discrete and not differentiated).
template <typename T, int K>
DETGRAD_HDI void assign_axis_around_adjoint(T position, T sigma, T window_centre, const GridAxis<T>& axis,
                                            WindowNormalisation norm, const AxisAssignment<T, K>& d_out,
                                            T& d_position, T& d_sigma) {
  T shift = T(0), scale = T(1);
  if (norm == WindowNormalisation::renormalised) {
    AxisAssignment<T, K> q;
    assign_axis_around(position, sigma, window_centre, axis, WindowNormalisation::none, q);
    T sum = T(0);
    for (int i = 0; i < q.count; ++i) sum += q.prob[i];
    if (!(sum > T(0))) return;
    scale = T(1) / sum;
    for (int i = 0; i < q.count; ++i) shift += d_out.prob[i] * q.prob[i] * scale;
  }
  int first = 0, count = 0;
  assignment_detail::window<T, K>(window_centre, axis, first, count);
  // Boundary k is the upper end of cell k - 1 and the lower end of cell k.
  T u_lo = (axis.origin_m + T(first) * axis.cell_size_m - position) / sigma;
  T pdf_lo = normal_pdf(u_lo);
  for (int i = 0; i < count; ++i) {
    const T d_q = (d_out.prob[i] - shift) * scale;
    const T u_hi = (axis.origin_m + T(first + i + 1) * axis.cell_size_m - position) / sigma;
    const T pdf_hi = normal_pdf(u_hi);
    d_position += d_q * (pdf_lo - pdf_hi) / sigma;
    d_sigma += d_q * (u_lo * pdf_lo - u_hi * pdf_hi) / sigma;
    u_lo = u_hi;
    pdf_lo = pdf_hi;
  }
}

template <typename T, int K>
DETGRAD_HDI void assign_axis_adjoint(T position, T sigma, const GridAxis<T>& axis, WindowNormalisation norm,
                                     const AxisAssignment<T, K>& d_out, T& d_position, T& d_sigma) {
  assign_axis_around_adjoint(position, sigma, position, axis, norm, d_out, d_position, d_sigma);
}

// 3D weight of window cell (i, j, k) (window-relative indices): p_x[i] p_y[j] p_z[k].
template <typename T, int K>
DETGRAD_HDI T voxel_weight(const AxisAssignment<T, K>& ax, const AxisAssignment<T, K>& ay,
                           const AxisAssignment<T, K>& az, int i, int j, int k) {
  return ax.prob[i] * ay.prob[j] * az.prob[k];
}

// Product rule: d p_x[i] += d_w p_y[j] p_z[k], and cyclically.
template <typename T, int K>
DETGRAD_HDI void voxel_weight_adjoint(const AxisAssignment<T, K>& ax, const AxisAssignment<T, K>& ay,
                                      const AxisAssignment<T, K>& az, int i, int j, int k, T d_weight,
                                      AxisAssignment<T, K>& d_ax, AxisAssignment<T, K>& d_ay,
                                      AxisAssignment<T, K>& d_az) {
  d_ax.prob[i] += d_weight * ay.prob[j] * az.prob[k];
  d_ay.prob[j] += d_weight * ax.prob[i] * az.prob[k];
  d_az.prob[k] += d_weight * ax.prob[i] * ay.prob[j];
}

}  // namespace detgrad::tomography
