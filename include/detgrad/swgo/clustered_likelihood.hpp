#pragma once
// The reconstruction likelihood of one shower (shower_likelihood.hpp) in two forms that the
// seeds and fits (shower_fit.hpp) take as a function of the shower terms:
//
// - AllUnits: every unit's terms, exactly as log_likelihood() sums them.
// - ClusteredUnits: the same sum with the units gathered by grid cells (tank_lookup.hpp's
//   cells). A cell near the trial core adds every unit's terms exactly; a cell far from it
//   (ground distance d from the core to the cell's centroid beyond kappa r, r the largest
//   distance of its units from their centroid) adds its time terms exactly (the time model is
//   linear in the unit position: UnitCell below) and its count terms at two centroids, an
//   error of second order in r / d. For lambda = a exp(-k R^p2) the Hessian in the ground
//   position is at most (q^2 + q) lambda / R^2 with q = k p2 R^p2 (up to about 5.5 within
//   3 km for the model's parameters) and R >= d cos(theta) the shower-plane distance, so a far
//   cell's error is at most about (r / (d cos theta))^2 (q^2 + q) / 2 of its own terms: 12 %
//   for a vertical shower at kappa = 12, more for inclined ones. Measured over 1020 far cells
//   of six showers (919 tanks), cores from the true one to 2 km away: 0.8 % at worst, asserted
//   below 2 % (tests/swgo/clustered_likelihood_test.cpp). The fits end on the exact likelihood.
//
// The evaluation mode seeds and fits with ClusteredUnits and polishes every fit with AllUnits
// (shower_event_clustered.hpp): the reported maxima, log-likelihoods and covariances are the exact ones.
#include <cmath>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/shower_likelihood.hpp"
#include "detgrad/swgo/tank_lookup.hpp"

namespace detgrad::swgo {

template <typename T>
struct AllUnits {
  const UnitObservation<T>* units;
  int n;
  T unit_area_m2;
  TimeErrors time_errors;

  template <typename S>
  DETGRAD_HD S operator()(const ShowerTerms<S>& terms) const {
    return log_likelihood(terms, units, n, unit_area_m2, time_errors);
  }
};

// The units of one grid cell: their range [begin, end) in ClusteredUnits::units and what a
// far cell's terms need. Counts: the units' centroid (x, y) and number (the -lambda terms),
// the count-weighted centroid (xn, yn) and the counts per species (the n ln lambda terms).
// Times: with w = 1 / sigma^2 of every recorded (unit, species) time, their weighted centroid
// (xw, yw), mean time tw, and the sums W = sum w, Mxx, Mxy, Myy = sum w d d^T (d the offset
// from (xw, yw)), Vx, Vy = sum w tau d (tau = t - tw) and Q = sum w tau^2.
template <typename T>
struct UnitCell {
  T x, y, units, radius2;
  T xn, yn, counts[kSpecies];
  T xw, yw, tw, W, Mxx, Mxy, Myy, Vx, Vy, Q;
  int begin, end;
};

constexpr double kClusterFarFactor = 12.0;  // kappa: a cell is far beyond kappa times its radius
constexpr double kClusterCell_m = 40.0;     // side of the grid cells the units are gathered in

// The plane-front time model is linear in the unit position, T(r) = sin(theta) / c
// (cos phi, sin phi) . (r - r0), so a cell's time terms -1/2 sum w (T(r) - t)^2 are exactly
// -1/2 [W (T(r_w) - t_w)^2 + a^T M a - 2 a . V + Q] with a = sin(theta) / c (cos phi, sin phi).
// Its count terms sum n_s ln lambda_s - lambda_s are taken at the centroids: N_s ln
// lambda_s(r_n) - units x lambda_s(r_u), exact to second order in the cell's extent.
template <typename T, typename S>
DETGRAD_HD S cell_time_terms(const UnitCell<T>& cell, const ShowerTerms<S>& terms) {
  const S ax = terms.sin_theta * terms.cos_phi * T(1.0 / kLightSpeed_m_per_ns);
  const S ay = terms.sin_theta * terms.sin_phi * T(1.0 / kLightSpeed_m_per_ns);
  const S delta = ax * (cell.xw - terms.x0) + ay * (cell.yw - terms.y0) - cell.tw;
  const S quad = delta * delta * cell.W + ax * ax * cell.Mxx + ax * ay * (T(2) * cell.Mxy) + ay * ay * cell.Myy -
                 (ax * cell.Vx + ay * cell.Vy) * T(2) + S(cell.Q);
  return quad * T(-0.5);
}

template <typename T>
struct ClusteredUnits {
  const UnitObservation<T>* units;  // every unit, cell by cell
  int n;
  const UnitCell<T>* cells;
  int cells_used;
  T unit_area_m2;
  TimeErrors time_errors;
  T far_factor2;  // kappa^2

  template <typename S>
  DETGRAD_HD S operator()(const ShowerTerms<S>& terms) const {
    using std::log;
    S total(T(0));
    const T x0 = value_of(terms.x0), y0 = value_of(terms.y0);
    for (int c = 0; c < cells_used; ++c) {
      const UnitCell<T>& cell = cells[c];
      const T dx = cell.x - x0, dy = cell.y - y0;
      if (!(dx * dx + dy * dy > far_factor2 * cell.radius2)) {
        for (int i = cell.begin; i < cell.end; ++i) {
          const UnitModel<S> m = unit_model(terms, S(units[i].x), S(units[i].y), unit_area_m2);
          add_unit_log_likelihood(total, m, units[i], time_errors);
        }
        continue;
      }
      const UnitModel<S> mu = unit_model(terms, S(cell.x), S(cell.y), unit_area_m2);
      total = total - (mu.lambda[0] + mu.lambda[1]) * cell.units;
      if (cell.W > T(0)) {
        const UnitModel<S> mn = unit_model(terms, S(cell.xn), S(cell.yn), unit_area_m2);
        for (int k = 0; k < kSpecies; ++k)
          if (cell.counts[k] > T(0)) total = total + log(mn.lambda[k]) * cell.counts[k];
        total = total + cell_time_terms(cell, terms);
      }
    }
    return total;
  }
};

// Sorts the observations `obs` (one per unit) into the cells of `grid` (whose tanks are the
// units). Buffers: `units` holds grid.tanks observations, `cells` grid.nx x grid.ny cells.
template <typename T>
DETGRAD_HD ClusteredUnits<T> cluster_units(const UnitObservation<T>* obs, const TankLookup<T>& grid, T unit_area_m2,
                                           TimeErrors time_errors, UnitObservation<T>* units, UnitCell<T>* cells) {
  ClusteredUnits<T> c;
  c.units = units;
  c.cells = cells;
  c.n = 0;
  c.cells_used = 0;
  c.unit_area_m2 = unit_area_m2;
  c.time_errors = time_errors;
  c.far_factor2 = T(kClusterFarFactor * kClusterFarFactor);
  for (int g = 0; g < grid.nx * grid.ny; ++g) {
    if (grid.cell_start[g] == grid.cell_start[g + 1]) continue;
    UnitCell<T>& cell = cells[c.cells_used++];
    cell.begin = c.n;
    T sx = T(0), sy = T(0), nx = T(0), ny = T(0), ws = T(0), wx = T(0), wy = T(0), wt = T(0);
    cell.counts[0] = cell.counts[1] = T(0);
    for (int j = grid.cell_start[g]; j < grid.cell_start[g + 1]; ++j) {
      const UnitObservation<T>& o = obs[grid.cell_tanks[j]];
      units[c.n++] = o;
      sx += o.x;
      sy += o.y;
      for (int k = 0; k < kSpecies; ++k) {
        if (!(o.count[k] > T(0))) continue;
        cell.counts[k] += o.count[k];
        nx += o.count[k] * o.x;
        ny += o.count[k] * o.y;
        const T sigma = time_errors == TimeErrors::recorded ? o.time_sigma[k] : T(kSigmaTime_ns);
        const T w = T(1) / (sigma * sigma);
        ws += w;
        wx += w * o.x;
        wy += w * o.y;
        wt += w * o.time_ns[k];
      }
    }
    cell.end = c.n;
    cell.units = T(cell.end - cell.begin);
    cell.x = sx / cell.units;
    cell.y = sy / cell.units;
    const T counts = cell.counts[0] + cell.counts[1];
    cell.xn = counts > T(0) ? nx / counts : cell.x;
    cell.yn = counts > T(0) ? ny / counts : cell.y;
    cell.W = ws;
    cell.xw = ws > T(0) ? wx / ws : cell.x;
    cell.yw = ws > T(0) ? wy / ws : cell.y;
    cell.tw = ws > T(0) ? wt / ws : T(0);
    cell.radius2 = cell.Mxx = cell.Mxy = cell.Myy = cell.Vx = cell.Vy = cell.Q = T(0);
    for (int i = cell.begin; i < cell.end; ++i) {
      const UnitObservation<T>& o = units[i];
      const T ux = o.x - cell.x, uy = o.y - cell.y;
      cell.radius2 = ux * ux + uy * uy > cell.radius2 ? ux * ux + uy * uy : cell.radius2;
      for (int k = 0; k < kSpecies; ++k) {
        if (!(o.count[k] > T(0))) continue;
        const T sigma = time_errors == TimeErrors::recorded ? o.time_sigma[k] : T(kSigmaTime_ns);
        const T w = T(1) / (sigma * sigma);
        const T dx = o.x - cell.xw, dy = o.y - cell.yw, tau = o.time_ns[k] - cell.tw;
        cell.Mxx += w * dx * dx;
        cell.Mxy += w * dx * dy;
        cell.Myy += w * dy * dy;
        cell.Vx += w * tau * dx;
        cell.Vy += w * tau * dy;
        cell.Q += w * tau * tau;
      }
    }
  }
  return c;
}

}  // namespace detgrad::swgo
