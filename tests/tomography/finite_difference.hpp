#pragma once
// Adjoint-versus-finite-difference check for the tomography helpers (double precision).
// A helper is seen as y = f(x) with x, y flat vectors. For a random direction v (scaled
// per component, so that the step is relative) and random output cotangents d_y:
//   fd      = < d_y, (f(x + h v) - f(x - h v)) / (2 h) >   (central difference),
//   adjoint = < d_x, v >,  d_x = the helper's adjoint applied to d_y.
// The relative error is |adjoint - fd| / scale with scale the largest of |fd|, |adjoint|,
// sum_i |d_y_i (J v)_i| and sum_j |d_x_j v_j|: the size of the terms that were added, so
// that a dot product that cancels to ~0 is not judged by its tiny result.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

namespace detgrad::tomography::testing {

using Vector = std::vector<double>;

struct FdResult {
  double adjoint, fd, rel_error;
};

// Direction with v_j = N(0,1) * scale_j, scale_j = max(|x_j|, floor_j).
inline Vector random_direction(const Vector& x, const Vector& floor, std::mt19937_64& rng) {
  std::normal_distribution<double> n(0.0, 1.0);
  Vector v(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) v[j] = n(rng) * std::max(std::abs(x[j]), floor[j]);
  return v;
}

inline Vector random_cotangent(std::size_t size, std::mt19937_64& rng) {
  std::normal_distribution<double> n(0.0, 1.0);
  Vector d(size);
  for (double& e : d) e = n(rng);
  return d;
}

// Cotangents scaled by the outputs' sizes, d_y_i = N(0,1) / |y_i| (1 where y_i = 0), so
// that small outputs (covariances ~ 1e-8 m^2 beside positions ~ 1 m) are tested as well.
inline Vector scaled_cotangent(const Vector& y, std::mt19937_64& rng) {
  Vector d = random_cotangent(y.size(), rng);
  for (std::size_t i = 0; i < y.size(); ++i) d[i] /= (y[i] != 0.0 ? std::abs(y[i]) : 1.0);
  return d;
}

// forward: x -> y; adjoint: (x, d_y) -> d_x (freshly zeroed, so += gives the gradient).
inline FdResult check_adjoint(const std::function<Vector(const Vector&)>& forward,
                              const std::function<Vector(const Vector&, const Vector&)>& adjoint,
                              const Vector& x, const Vector& v, const Vector& d_y, double h = 1e-6) {
  Vector xp = x, xm = x;
  for (std::size_t j = 0; j < x.size(); ++j) {
    xp[j] += h * v[j];
    xm[j] -= h * v[j];
  }
  const Vector yp = forward(xp), ym = forward(xm);
  double fd = 0.0, fd_scale = 0.0;
  for (std::size_t i = 0; i < d_y.size(); ++i) {
    const double term = d_y[i] * (yp[i] - ym[i]) / (2.0 * h);
    fd += term;
    fd_scale += std::abs(term);
  }
  const Vector d_x = adjoint(x, d_y);
  double adj = 0.0, adj_scale = 0.0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    adj += d_x[j] * v[j];
    adj_scale += std::abs(d_x[j] * v[j]);
  }
  const double scale = std::max({std::abs(fd), std::abs(adj), fd_scale, adj_scale, 1e-300});
  return {adj, fd, std::abs(adj - fd) / scale};
}

// Keeps the largest error of a series of checks and prints it once (for the report).
struct MaxError {
  const char* name;
  double value = 0.0;
  explicit MaxError(const char* n) : name(n) {}
  void add(const FdResult& r) { value = std::max(value, r.rel_error); }
  ~MaxError() { std::printf("[fd] %s: largest relative error %.3e\n", name, value); }
};

}  // namespace detgrad::tomography::testing
