#pragma once
// One shower in evaluation mode as run_shower (shower_event.hpp) does it, with the seeds'
// scans and the fits' first iterations on the clustered likelihood (clustered_likelihood.hpp:
// the units gathered by cells far from the trial core) and every fit
// finished on the exact likelihood of all units:
//   - seeds: the timing plane as before, the core and energy scans on the clustered ln L;
//   - fits: Levenberg-Marquardt on the clustered ln L from the seed, then again on the exact
//     ln L from its end point (a few iterations: the two maxima lie close), so the maximum, its
//     ln L and its covariance are those of the exact likelihood;
//   - the energy restart: the fine energy scan on the clustered ln L, its best point checked on
//     the exact ln L against the fit's, a new (clustered, then exact) fit from it if higher.
// The results equal run_shower's wherever both reach the same maximum; they differ where a
// clustered scan picks a seed in another basin (docs/swgo.md, "Evaluation at scale").
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/clustered_likelihood.hpp"
#include "detgrad/swgo/shower_event.hpp"
#include "detgrad/swgo/tank_lookup.hpp"

namespace detgrad::swgo {

// Per-thread memory of the clustered path: `units` holds array.units observations, `cells`
// the grid's nx x ny cells.
template <typename T>
struct ClusterScratch {
  UnitObservation<T>* units;
  UnitCell<T>* cells;
};

// A fit on the clustered ln L from `seed`, finished on the exact one.
template <typename T>
DETGRAD_HD ShowerFit<T> fit_shower_clustered(const LdfTables<T>& tables, Primary hypothesis, const T (&seed)[P],
                                             const ClusteredUnits<T>& clustered, const AllUnits<T>& all) {
  const ShowerFit<T> rough = fit_shower(tables, hypothesis, seed, clustered);
  const T start[P] = {rough.a[0], rough.a[1], rough.a[2], rough.a[3], rough.a[4]};
  return fit_shower(tables, hypothesis, start, all);
}

// `grid`: the cells over the array's units (its tanks are the units, in the array's order).
template <typename T>
DETGRAD_HD ShowerResult<T> run_shower_clustered(const LdfTables<T>& tables, const ShowerSource<T>& source,
                                                const ArrayView<T>& array, const TankLookup<T>& grid,
                                                std::uint32_t step, std::uint64_t shower, TimeErrors time_errors,
                                                UnitObservation<T>* scratch, const ClusterScratch<T>& cluster) {
  ShowerResult<T> r = record_shower(tables, source, array, step, shower, scratch);
  if (!r.triggered) return r;
  const ClusteredUnits<T> clustered =
      cluster_units(scratch, grid, array.unit_area_m2, time_errors, cluster.units, cluster.cells);
  const AllUnits<T> all{scratch, array.units, array.unit_area_m2, time_errors};
  for (int h = 0; h < kPrimaries; ++h) {
    const Primary hypothesis = Primary(h);
    T seeds[kMaxSeeds][P];
    const int found = seed_shower(tables, hypothesis, clustered.units, clustered.n, clustered, seeds);
    for (int k = 0; k < found; ++k) {
      ShowerFit<T> f = fit_shower_clustered(tables, hypothesis, seeds[k], clustered, all);
      T restart[P] = {f.a[0], f.a[1], f.a[2], f.a[3], f.a[4]};
      T log_e, ll;
      best_energy<T, 81>(tables, hypothesis, clustered, restart, log_e, ll);
      if (std::isfinite(ll)) {
        restart[kLogEnergy] = log_e;
        const T exact = all(make_shower_terms(tables, hypothesis, restart));
        if (std::isfinite(exact) && exact > f.log_likelihood) {
          const ShowerFit<T> g = fit_shower_clustered(tables, hypothesis, restart, clustered, all);
          if (g.converged && g.log_likelihood > f.log_likelihood) f = g;
        }
      }
      if (k == 0 || better_fit(f, r.fit[h])) r.fit[h] = f;
    }
  }
  return r;
}

}  // namespace detgrad::swgo
