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

// The line through a and b: beyond(p) is the distance of p from it, > 0 on the right of
// a -> b (outside a counter-clockwise polygon).
struct Line {
  double ax, ay, nx, ny;
  Line(double x0, double y0, double x1, double y1) : ax(x0), ay(y0) {
    const double length = std::hypot(x1 - x0, y1 - y0);
    nx = (y1 - y0) / length;
    ny = -(x1 - x0) / length;
  }
  double beyond(double px, double py) const { return nx * (px - ax) + ny * (py - ay); }
};

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

// Shoelace over the counter-clockwise hull v_0 .. v_{m-1}: A = 1/2 sum_k (x_k y_{k+1} - x_{k+1} y_k).
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

// The adjoint. With every other unit held, the hull area is convex and piecewise linear in
// one unit's position p: A(p) = area(K) + 1/2 sum_e |e| max(0, d_e(p)) over the edges e of
// K = hull(all units but p), d_e(p) the distance of p beyond e's line (the triangles (p, e)
// over the edges p sees tile what p adds). Its derivative is 1/2 sum_e |e| n_e w_e, n_e the
// outward normal, w_e = 1 where p lies beyond e, 0 behind it, and 1/2 on its line (within
// 1e-9 of the hull's extent): the mean of the two one-sided derivatives there, which is what
// a central difference sees. For a hull vertex with no other unit on the lines involved this
// is the shoelace derivative (y_{k+1} - y_{k-1}, x_{k-1} - x_{k+1}) / 2; a unit inside the
// hull gets 0; a unit on an edge (a lattice's border) 1/4 |e| n_e.
//   K for a hull vertex p: the other hull vertices and the units in the triangle
//   (previous vertex, p, next vertex); for any other unit: the hull itself.
void hull_area_adjoint(const double* x, const double* y, int n, double d_area, double* d_x, double* d_y) {
  const std::vector<int> h = convex_hull(x, y, n);
  const std::size_t m = h.size();
  if (m < 3) return;
  double x_min = x[h[0]], x_max = x[h[0]], y_min = y[h[0]], y_max = y[h[0]];
  for (int v : h) {
    x_min = std::min(x_min, x[v]);
    x_max = std::max(x_max, x[v]);
    y_min = std::min(y_min, y[v]);
    y_max = std::max(y_max, y[v]);
  }
  const double tol = 1e-9 * std::max(x_max - x_min, y_max - y_min);
  // d(area)/dp over the counter-clockwise polygon (kx, ky) seen from p.
  const auto seen = [tol](const std::vector<double>& kx, const std::vector<double>& ky, double px, double py,
                          double& gx, double& gy) {
    const std::size_t mk = kx.size();
    for (std::size_t e = 0; e < mk; ++e) {
      const std::size_t f = (e + 1) % mk;
      const double d = Line(kx[e], ky[e], kx[f], ky[f]).beyond(px, py);
      const double w = d > tol ? 1.0 : (d >= -tol ? 0.5 : 0.0);
      if (w == 0.0) continue;
      gx += 0.5 * w * (ky[f] - ky[e]);  // 1/2 |e| n_e = 1/2 (dy, -dx)
      gy -= 0.5 * w * (kx[f] - kx[e]);
    }
  };
  std::vector<char> vertex(std::size_t(n), 0);
  for (int v : h) vertex[std::size_t(v)] = 1;
  std::vector<double> hx(m), hy(m);
  for (std::size_t k = 0; k < m; ++k) {
    hx[k] = x[h[k]];
    hy[k] = y[h[k]];
  }
  std::vector<Line> edges;
  for (std::size_t k = 0; k < m; ++k) edges.emplace_back(hx[k], hy[k], hx[(k + 1) % m], hy[(k + 1) % m]);
  // Units that are not hull vertices: K is the hull; only those within tol of an edge's line
  // see one.
  for (int u = 0; u < n; ++u) {
    if (vertex[std::size_t(u)]) continue;
    double gx = 0.0, gy = 0.0;
    for (std::size_t k = 0; k < m; ++k) {
      if (edges[k].beyond(x[u], y[u]) < -tol) continue;
      gx += 0.25 * (hy[(k + 1) % m] - hy[k]);  // w = 1/2: a unit is never beyond its hull's edge
      gy -= 0.25 * (hx[(k + 1) % m] - hx[k]);
    }
    d_x[u] += d_area * gx;
    d_y[u] += d_area * gy;
  }
  // Hull vertices: K from the other vertices and the units in the triangle the vertex spans.
  std::vector<int> others;
  std::vector<double> qx, qy, kx, ky;
  for (std::size_t k = 0; k < m; ++k) {
    const int p = h[k], prev = h[(k + m - 1) % m], next = h[(k + 1) % m];
    others.clear();
    for (std::size_t j = 0; j < m; ++j)
      if (j != k) others.push_back(h[j]);
    const Line in(edges[(k + m - 1) % m]), out(edges[k]), chord(x[next], y[next], x[prev], y[prev]);
    for (int u = 0; u < n; ++u) {
      if (vertex[std::size_t(u)]) continue;
      if (chord.beyond(x[u], y[u]) <= tol && in.beyond(x[u], y[u]) <= tol && out.beyond(x[u], y[u]) <= tol)
        others.push_back(u);
    }
    qx.resize(others.size());
    qy.resize(others.size());
    for (std::size_t j = 0; j < others.size(); ++j) {
      qx[j] = x[others[j]];
      qy[j] = y[others[j]];
    }
    const std::vector<int> kh = convex_hull(qx.data(), qy.data(), int(others.size()));
    kx.resize(kh.size());
    ky.resize(kh.size());
    for (std::size_t j = 0; j < kh.size(); ++j) {
      kx[j] = qx[kh[j]];
      ky[j] = qy[kh[j]];
    }
    double gx = 0.0, gy = 0.0;
    seen(kx, ky, x[p], y[p], gx, gy);
    d_x[p] += d_area * gx;
    d_y[p] += d_area * gy;
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
