#pragma once
// CSDA range tables of muons, one row per material, and their portable (host + device)
// lookups. Continuous slowing down: a muon of kinetic energy T that crosses a mass
// thickness t leaves with T' = R^-1(R(T) - t), whatever the number of steps t is cut into.
//
// Layout (float, so that the tables are small and the same on host and device):
//   forward: log_range[m * n + i]   = ln(R(T_i) / (kg/m^2)),  ln(T_i / GeV) = log_kinetic_min + i / inv_dlog_kinetic
//   inverse: log_kinetic[m * n + j] = ln(T / GeV) at ln R = log_range_min[m] + j / inv_dlog_range[m]
// Interpolation is linear in log-log; outside the grid the end segments are extended (power
// laws). Vacuum (no energy loss) is tabulated as R = T e^60 kg/m^2 (a stopping power of
// e^-60 GeV m^2/kg): finite in float, and a muon crossing vacuum crosses zero mass
// thickness, for which kinetic_after_mass_thickness returns T unchanged.
#include <cmath>
#include <vector>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/small_argument.hpp"

namespace detgrad {

struct RangeTableView {  // trivially copyable; raw pointers to host or device memory
  const float* log_range;       // [material * n_points + i]
  const float* log_kinetic;     // [material * n_points + j]
  const float* log_range_min;   // [material]: ln(R / (kg/m^2)) of the first inverse node
  const float* inv_dlog_range;  // [material]: 1 / (ln R step) of the inverse table
  int n_points;
  float log_kinetic_min;   // ln(T_0 / GeV)
  float inv_dlog_kinetic;  // 1 / (ln T step)
};

namespace range_detail {
// Segment index i in [0, n - 2] of the fractional node position u, and u - i.
template <typename T>
DETGRAD_HDI void locate(T u, int n, int& i, T& frac) {
  T base = std::floor(u);
  if (!(base >= T(0))) base = T(0);  // also catches NaN
  if (base > T(n - 2)) base = T(n - 2);
  i = int(base);
  frac = u - base;
}

// The forward table at a kinetic energy > 0: segment i, fraction f, the material's row,
// and ln R interpolated linearly in ln T.
template <typename T>
struct ForwardLookup {
  int i;
  T f;
  const float* row;
  T segment;    // ln R step over the segment
  T log_range;  // ln(R / (kg/m^2))
};

template <typename T>
DETGRAD_HDI ForwardLookup<T> forward_lookup(const RangeTableView& v, int material, T kinetic_GeV) {
  ForwardLookup<T> l;
  const T u = (std::log(kinetic_GeV) - T(v.log_kinetic_min)) * T(v.inv_dlog_kinetic);
  locate(u, v.n_points, l.i, l.f);
  l.row = v.log_range + material * v.n_points;
  l.segment = T(l.row[l.i + 1]) - T(l.row[l.i]);
  l.log_range = T(l.row[l.i]) + l.f * l.segment;
  return l;
}
}  // namespace range_detail

// CSDA range in kg/m^2 of a muon of kinetic energy kinetic_GeV (0 for kinetic <= 0).
template <typename T>
DETGRAD_HDI T csda_range(const RangeTableView& v, int material, T kinetic_GeV) {
  if (!(kinetic_GeV > T(0))) return T(0);
  return std::exp(range_detail::forward_lookup(v, material, kinetic_GeV).log_range);
}

// Kinetic energy (GeV) of a muon whose CSDA range is range_kg_m2; 0 when the range is at
// or below the smallest tabulated range (the muon counts as stopped).
template <typename T>
DETGRAD_HDI T kinetic_from_range(const RangeTableView& v, int material, T range_kg_m2) {
  if (!(range_kg_m2 > T(0))) return T(0);
  const T u = (std::log(range_kg_m2) - T(v.log_range_min[material])) * T(v.inv_dlog_range[material]);
  if (!(u > T(0))) return T(0);
  int i;
  T f;
  range_detail::locate(u, v.n_points, i, f);
  const float* row = v.log_kinetic + material * v.n_points;
  return std::exp(T(row[i]) + f * (T(row[i + 1]) - T(row[i])));
}

// Kinetic energy (GeV) after crossing the mass thickness t (kg/m^2): T' = R^-1(R(T) - t).
// Returns T for t <= 0 (so vacuum never loses energy) and 0 when the muon stops within t.
// Where T' stays in the forward-table segment of T, the forward interpolant is inverted
// exactly: ln T' = ln T + ln(1 - t/R) / s, s = d lnR / d lnT of the segment, with log1p
// and expm1 so that steps much thinner than the range keep their loss in float. Steps that
// end within kRangeWalkSegments segments below invert those segments exactly too (so cut
// steps agree with whole ones to rounding); longer steps go through the inverse table.
constexpr int kRangeWalkSegments = 16;  // forward segments walked before the inverse table

template <typename T>
DETGRAD_HDI T kinetic_after_mass_thickness(const RangeTableView& v, int material, T kinetic_GeV,
                                           T mass_thickness_kg_m2) {
  if (!(mass_thickness_kg_m2 > T(0))) return kinetic_GeV;
  if (!(kinetic_GeV > T(0))) return T(0);
  const range_detail::ForwardLookup<T> l = range_detail::forward_lookup(v, material, kinetic_GeV);
  int i = l.i;
  const T f = l.f, segment = l.segment, log_range = l.log_range;
  const float* row = l.row;
  const T range = std::exp(log_range);
  if (mass_thickness_kg_m2 >= range) return T(0);
  const T dlog_range = log1p_small(-mass_thickness_kg_m2 / range);  // < 0
  const T du = dlog_range / segment;
  if (f + du >= T(0)) return kinetic_GeV + kinetic_GeV * expm1_small(du / T(v.inv_dlog_kinetic));
  // Walk down a few forward segments, inverting the forward interpolant exactly.
  // ln T' - ln T is formed from node offsets, not absolute logs, to keep float precision.
  const T target = log_range + dlog_range;
  const int i_start = i;
  for (int k = 0; k < kRangeWalkSegments && i > 0; ++k) {
    --i;
    const T lo = T(row[i]), hi = T(row[i + 1]);
    if (target >= lo) {
      const T du_total = T(i - i_start) + (target - lo) / (hi - lo) - f;
      return kinetic_GeV + kinetic_GeV * expm1_small(du_total / T(v.inv_dlog_kinetic));
    }
  }
  if (i == 0 && target < T(row[0])) return T(0);  // below the first node: stopped
  const T w = (target - T(v.log_range_min[material])) * T(v.inv_dlog_range[material]);
  if (!(w > T(0))) return T(0);
  int j;
  T g;
  range_detail::locate(w, v.n_points, j, g);
  const float* inv = v.log_kinetic + material * v.n_points;
  return std::exp(T(inv[j]) + g * (T(inv[j + 1]) - T(inv[j])));
}

struct Material;

// Host: builds and owns the tables for a list of materials (row m = materials[m]).
// Kinetic grid: kMinKinetic_GeV to kMaxKinetic_GeV, kPointsPerDecade nodes per decade.
// R(T) = R(T_0) + integral of dT / S_total(T), 8-point Gauss-Legendre per grid interval in
// ln T, in double; below T_0 = 1 MeV, S ~ T^-p with p = -dlnS/dlnT at T_0, so
// R(T_0) = T_0 / (S(T_0) (1 + p)). The inverse nodes are solved by Newton's method on the
// same integral.
class RangeTables {
 public:
  static constexpr double kMinKinetic_GeV = 1e-3;
  static constexpr double kMaxKinetic_GeV = 1e5;
  static constexpr int kPointsPerDecade = 100;
  static constexpr double kVacuumLogRangeOffset = 60.0;  // ln(R / T) for vacuum, see above

  explicit RangeTables(const std::vector<Material>& materials);

  RangeTableView view() const;
  int n_materials() const { return n_materials_; }
  int n_points() const { return n_points_; }
  // Storage, for copying to a device.
  const std::vector<float>& log_range() const { return log_range_; }
  const std::vector<float>& log_kinetic() const { return log_kinetic_; }
  const std::vector<float>& log_range_min() const { return log_range_min_; }
  const std::vector<float>& inv_dlog_range() const { return inv_dlog_range_; }

 private:
  int n_materials_ = 0;
  int n_points_ = 0;
  double log_kinetic_min_ = 0.0;
  double dlog_kinetic_ = 0.0;
  std::vector<float> log_range_, log_kinetic_, log_range_min_, inv_dlog_range_;
};

// Host reference: the CSDA range (kg/m^2) integrated directly in double, without a table
// (same quadrature as the tables; +inf for a material without energy loss).
double csda_range_integrated(const Material& material, double kinetic_GeV);

}  // namespace detgrad
