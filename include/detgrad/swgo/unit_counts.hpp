#pragma once
// Every unit's expected counts in a shower, as per-event outputs (the Python module's
// detgrad.torch.event_outputs), forward and adjoint side by side. A shower of the step's
// source (the optimisation passes' showers: same seed, step and shower index) at its true
// parameters a; per unit the unit model (unit_model.hpp) gives the expected counts per
// species lambda_s(a, xd, yd) and the plane-front time T(a, xd, yd); per shower the expected
// number of tanks hit S = sum_units n (1 - exp(-(lambda_e + lambda_mu) / n)) and the smooth
// trigger probability P(S) (trigger.hpp), as the expected-errors passes use them.
// The adjoint replays the shower and differentiates the unit model with jets in the unit's
// (xd, yd): d/dxd of every unit's outputs, summed with the cotangents.
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/fisher_utility.hpp"
#include "detgrad/swgo/trigger.hpp"
#include "detgrad/swgo/unit_model.hpp"
#include "detgrad/swgo/unit_packing.hpp"

namespace detgrad::swgo {

// Per-shower columns (one value each); the first six are the shower's truth (they do not
// depend on the layout, given the source).
enum ShowerOutput : int {
  kOutPrimary,       // 0 gamma, 1 proton
  kOutCoreX, kOutCoreY,  // m
  kOutTheta, kOutPhi,    // rad
  kOutEnergy,            // PeV
  kOutExpectedTanks,     // S
  kOutTrigger,           // P(S)
  kShowerOutputs
};
inline const char* const kShowerOutputNames[kShowerOutputs] = {
    "primary", "core_x_m", "core_y_m", "theta_rad", "phi_rad", "energy_PeV", "expected_tanks", "trigger_probability"};

// Per-unit columns (one value per unit and shower, shower-major).
enum UnitOutput : int { kOutExpectedEm, kOutExpectedMuons, kOutTime, kUnitOutputs };
inline const char* const kUnitOutputNames[kUnitOutputs] = {"expected_em", "expected_muons", "arrival_time_ns"};

// The shower's outputs written into columns: shower_columns[c][row] and
// unit_columns[k][row units + u] for the setup's units.
template <typename T>
DETGRAD_HD void shower_unit_counts(const FisherSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                                   T* const* shower_columns, T* const* unit_columns, std::uint64_t row) {
  const Shower<T> s = setup.source(step, shower);
  T a[kShowerParameters];
  true_parameters(s, a);
  const ShowerTerms<T> terms = make_shower_terms(setup.tables, s.primary, a);
  T tanks = T(0);
  const std::uint64_t first = row * std::uint64_t(setup.array.units);
  for (int u = 0; u < setup.array.units; ++u) {
    const UnitModel<T> m = unit_model(terms, setup.array.x[u], setup.array.y[u], setup.array.unit_area_m2);
    unit_columns[kOutExpectedEm][first + u] = m.lambda[int(Species::electron)];
    unit_columns[kOutExpectedMuons][first + u] = m.lambda[int(Species::muon)];
    unit_columns[kOutTime][first + u] = m.time_ns;
    tanks += expected_tanks_hit(m.lambda[0] + m.lambda[1], setup.array.tanks_per_unit);
  }
  shower_columns[kOutPrimary][row] = T(int(s.primary));
  shower_columns[kOutCoreX][row] = s.x0;
  shower_columns[kOutCoreY][row] = s.y0;
  shower_columns[kOutTheta][row] = s.theta;
  shower_columns[kOutPhi][row] = s.phi;
  shower_columns[kOutEnergy][row] = s.energy_PeV;
  shower_columns[kOutExpectedTanks][row] = tanks;
  shower_columns[kOutTrigger][row] = SmoothTrigger<T>{}.probability(tanks);
}

// Adds sum of the cotangents times the outputs' derivatives by every unit's x and y into
// grad[UnitPacking::index(u, kUnitX / kUnitY)]. Replays the shower.
//   S = sum_u n (1 - exp(-Lambda_u / n)):  dS/dLambda_u = exp(-Lambda_u / n);  P = P(S).
template <typename T, typename Row>
DETGRAD_HD void shower_unit_counts_adjoint(const FisherSetup<T>& setup, std::uint32_t step, std::uint64_t shower,
                                           const T* d_shower, const T* d_unit, Row grad) {
  const Shower<T> s = setup.source(step, shower);
  T a[kShowerParameters];
  true_parameters(s, a);
  // S again (the trigger's adjoint needs it), then dL/dS.
  const ShowerTerms<T> terms = make_shower_terms(setup.tables, s.primary, a);
  T tanks = T(0);
  for (int u = 0; u < setup.array.units; ++u) {
    const UnitModel<T> m = unit_model(terms, setup.array.x[u], setup.array.y[u], setup.array.unit_area_m2);
    tanks += expected_tanks_hit(m.lambda[0] + m.lambda[1], setup.array.tanks_per_unit);
  }
  T d_tanks = d_shower[kOutExpectedTanks];
  SmoothTrigger<T>{}.probability_adjoint(tanks, d_shower[kOutTrigger], d_tanks);

  using J2 = Jet<T, 2>;
  J2 aj[kShowerParameters];
  for (int i = 0; i < kShowerParameters; ++i) aj[i] = J2(a[i]);
  const ShowerTerms<J2> jterms = make_shower_terms(setup.tables, s.primary, aj);
  for (int u = 0; u < setup.array.units; ++u) {
    const UnitModel<J2> m =
        unit_model(jterms, J2::variable(setup.array.x[u], 0), J2::variable(setup.array.y[u], 1), setup.array.unit_area_m2);
    const T* d = d_unit + u * kUnitOutputs;
    T d_total = T(0);
    expected_tanks_hit_adjoint(m.lambda[0].v + m.lambda[1].v, setup.array.tanks_per_unit, d_tanks, d_total);
    const T d_em = d[kOutExpectedEm] + d_total, d_mu = d[kOutExpectedMuons] + d_total, d_time = d[kOutTime];
    for (int z = 0; z < 2; ++z) {
      const T g = d_em * m.lambda[int(Species::electron)].g[z] + d_mu * m.lambda[int(Species::muon)].g[z] +
                  d_time * m.time_ns.g[z];
      grad[UnitPacking::index(u, z == 0 ? kUnitX : kUnitY)] += g;
    }
  }
}

}  // namespace detgrad::swgo
