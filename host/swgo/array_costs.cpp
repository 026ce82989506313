#include "swgo/array_costs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace detgrad::swgo {
namespace {

constexpr double kM2PerKm2 = 1e6;
constexpr double kMPerKm = 1e3;

// (b - a) x (c - a): > 0 for a left turn a -> b -> c.
double cross(const double* x, const double* y, int a, int b, int c) {
  return (x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]);
}

}  // namespace

std::vector<int> convex_hull(const double* x, const double* y, int n) {
  std::vector<int> order(std::size_t(std::max(n, 0)));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [x, y](int a, int b) {
    if (x[a] != x[b]) return x[a] < x[b];
    if (y[a] != y[b]) return y[a] < y[b];
    return a < b;
  });
  // Of points at the same position only the first (lowest index) is kept.
  order.erase(std::unique(order.begin(), order.end(), [x, y](int a, int b) { return x[a] == x[b] && y[a] == y[b]; }),
              order.end());
  const std::size_t m = order.size();
  if (m < 3) return order;
  // Lower chain left to right, then upper chain right to left; a point that makes no strict
  // left turn is dropped (points on an edge are not vertices).
  std::vector<int> hull(2 * m);
  std::size_t k = 0;
  for (std::size_t i = 0; i < m; ++i) {
    while (k >= 2 && cross(x, y, hull[k - 2], hull[k - 1], order[i]) <= 0) --k;
    hull[k++] = order[i];
  }
  const std::size_t lower = k + 1;
  for (std::size_t i = m - 1; i-- > 0;) {
    while (k >= lower && cross(x, y, hull[k - 2], hull[k - 1], order[i]) <= 0) --k;
    hull[k++] = order[i];
  }
  hull.resize(k - 1);  // the last point is the first one again
  return hull;
}

// Shoelace over the counter-clockwise hull v_0 .. v_{m-1}:
//   A = 1/2 sum_k (x_k y_{k+1} - x_{k+1} y_k),
//   dA/dx_k = (y_{k+1} - y_{k-1}) / 2,  dA/dy_k = (x_{k-1} - x_{k+1}) / 2.
double hull_area(const double* x, const double* y, int n) {
  const std::vector<int> h = convex_hull(x, y, n);
  const std::size_t m = h.size();
  if (m < 3) return 0.0;
  double twice = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    const int a = h[k], b = h[(k + 1) % m];
    twice += x[a] * y[b] - x[b] * y[a];
  }
  return 0.5 * twice;
}

void hull_area_adjoint(const double* x, const double* y, int n, double d_area, double* d_x, double* d_y) {
  const std::vector<int> h = convex_hull(x, y, n);
  const std::size_t m = h.size();
  if (m < 3) return;
  for (std::size_t k = 0; k < m; ++k) {
    const int prev = h[(k + m - 1) % m], v = h[k], next = h[(k + 1) % m];
    d_x[v] += d_area * 0.5 * (y[next] - y[prev]);
    d_y[v] += d_area * 0.5 * (x[prev] - x[next]);
  }
}

// L = sum_u r_u, r_u = |p_u - s|;  dL/dx_u = (x_u - s_x) / r_u, dL/dy_u = (y_u - s_y) / r_u.
double cable_length(const double* x, const double* y, int n, std::array<double, 2> station) {
  double length = 0.0;
  for (int u = 0; u < n; ++u) length += std::hypot(x[u] - station[0], y[u] - station[1]);
  return length;
}

void cable_length_adjoint(const double* x, const double* y, int n, std::array<double, 2> station, double d_length,
                          double* d_x, double* d_y) {
  for (int u = 0; u < n; ++u) {
    const double dx = x[u] - station[0], dy = y[u] - station[1];
    const double r = std::hypot(dx, dy);
    if (r == 0.0) continue;  // a unit at the station: no direction, derivative taken as zero
    d_x[u] += d_length * dx / r;
    d_y[u] += d_length * dy / r;
  }
}

ArrayCosts array_costs(const double* x, const double* y, int n, const ArrayCostCoefficients& c) {
  ArrayCosts out;
  out.hull_area_m2 = hull_area(x, y, n);
  out.cable_length_m = cable_length(x, y, n, c.station_xy_m);
  out.area = c.area_cost * std::max(0.0, out.hull_area_m2 - c.area_threshold_km2 * kM2PerKm2) / kM2PerKm2;
  out.cable = c.cable_cost * std::max(0.0, out.cable_length_m - double(n) * c.cable_allowance_m) / kMPerKm;
  return out;
}

void array_costs_adjoint(const double* x, const double* y, int n, const ArrayCostCoefficients& c, double d_cost,
                         double* d_x, double* d_y) {
  if (c.area_cost != 0.0 && hull_area(x, y, n) > c.area_threshold_km2 * kM2PerKm2)
    hull_area_adjoint(x, y, n, d_cost * c.area_cost / kM2PerKm2, d_x, d_y);
  if (c.cable_cost != 0.0 && cable_length(x, y, n, c.station_xy_m) > double(n) * c.cable_allowance_m)
    cable_length_adjoint(x, y, n, c.station_xy_m, d_cost * c.cable_cost / kMPerKm, d_x, d_y);
}

}  // namespace detgrad::swgo
