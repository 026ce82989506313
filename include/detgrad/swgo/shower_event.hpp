#pragma once
// One shower in evaluation mode, start to end (portable): draw it, let every unit record it
// (Poisson counts and times), apply the hard trigger (>= 50 tanks hit), and reconstruct it
// under both hypotheses from data-driven seeds. Random numbers: the source stream for the
// shower, the detector stream for unit u of shower i at event i x units + u.
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/swgo/shower_fit.hpp"
#include "detgrad/swgo/shower_source.hpp"
#include "detgrad/swgo/trigger.hpp"
#include "detgrad/swgo/unit_response.hpp"

namespace detgrad::swgo {

template <typename T>
struct ArrayView {
  const T* x = nullptr;
  const T* y = nullptr;
  int units = 0;
  T unit_area_m2 = T(kTankArea_m2);
  int tanks_per_unit = 1;
};

template <typename T>
struct ShowerResult {
  Shower<T> truth;
  std::uint32_t tanks_hit;
  T expected_tanks_hit;      // S of the smooth trigger
  T trigger_probability;     // P_trigger(S)
  bool triggered;            // hard trigger
  T counts[kSpecies];        // summed over units
  ShowerFit<T> fit[kPrimaries];  // by hypothesis (gamma, proton); only if triggered
};

// The gamma/hadron separation variable s = sign(T) ln(1 + |T|) of a test statistic
// T = ln L_gamma,max - ln L_proton,max, and ds/dT. T spans from ~1 to ~1e4 in magnitude (it
// grows with the shower's size), and one kernel bandwidth cannot resolve both ends; on s it can.
template <typename T>
DETGRAD_HDI T separation_variable(T t) {
  return std::copysign(std::log1p(std::fabs(t)), t);
}
template <typename T>
DETGRAD_HDI T separation_variable_derivative(T t) {
  return T(1) / (T(1) + std::fabs(t));
}

// What unit u records of shower `shower` (its expectation e), written as the observation o
// the fits read, placed at (x, y); the unit's random numbers: EventRandom(seed, step, detector
// stream, shower x units + u).
template <typename T>
DETGRAD_HD UnitRecord<T> observe_unit(const UnitExpectation<T>& e, const ShowerImage<T>& image,
                                      const ArrayView<T>& array, std::uint64_t seed, std::uint32_t step,
                                      std::uint64_t shower, int u, T x, T y, UnitObservation<T>& o) {
  EventRandom rng(seed, step, RandomStream::detector, shower * std::uint64_t(array.units) + std::uint64_t(u));
  const UnitRecord<T> rec = record_unit(e, image, array.tanks_per_unit, rng);
  o.x = x;
  o.y = y;
  for (int k = 0; k < kSpecies; ++k) {
    o.count[k] = T(rec.count[k]);
    o.time_ns[k] = rec.time_ns[k];
    o.time_sigma[k] = rec.time_sigma[k];
  }
  return rec;
}

// The shower drawn and recorded by every unit (into `scratch`, array.units observations), the
// hard trigger applied; the fits left empty (zeros, not converged).
template <typename T>
DETGRAD_HD ShowerResult<T> record_shower(const LdfTables<T>& tables, const ShowerSource<T>& source,
                                         const ArrayView<T>& array, std::uint32_t step, std::uint64_t shower,
                                         UnitObservation<T>* scratch) {
  ShowerResult<T> r;
  r.truth = source(step, shower);
  const Shower<T>& s = r.truth;
  const ShowerImage<T> image =
      make_shower_image(tables, s.primary, s.energy_PeV, s.theta, s.phi, s.x0, s.y0, array.unit_area_m2);
  r.tanks_hit = 0;
  r.expected_tanks_hit = T(0);
  r.counts[0] = r.counts[1] = T(0);
  for (int u = 0; u < array.units; ++u) {
    const UnitExpectation<T> e = unit_expectation(image, array.x[u], array.y[u]);
    UnitObservation<T>& o = scratch[u];
    const UnitRecord<T> rec = observe_unit(e, image, array, source.seed, step, shower, u, array.x[u], array.y[u], o);
    for (int k = 0; k < kSpecies; ++k) r.counts[k] += o.count[k];
    r.tanks_hit += rec.tanks_hit;
    r.expected_tanks_hit += expected_tanks_hit(e.lambda[0] + e.lambda[1], array.tanks_per_unit);
  }
  r.trigger_probability = SmoothTrigger<T>{}.probability(r.expected_tanks_hit);
  r.triggered = r.tanks_hit >= std::uint32_t(kTriggerTanks);
  for (int h = 0; h < kPrimaries; ++h) r.fit[h] = ShowerFit<T>{};  // zeros, not converged
  return r;
}

// The better of two maxima: a converged fit before one that did not converge, then the higher ln L.
template <typename T>
DETGRAD_HDI bool better_fit(const ShowerFit<T>& f, const ShowerFit<T>& than) {
  return (f.converged && !than.converged) || (f.converged == than.converged && f.log_likelihood > than.log_likelihood);
}

// `scratch` holds array.units observations (per-thread memory). Every likelihood over all units.
template <typename T>
DETGRAD_HD ShowerResult<T> run_shower(const LdfTables<T>& tables, const ShowerSource<T>& source, const ArrayView<T>& array,
                                      std::uint32_t step, std::uint64_t shower, TimeErrors time_errors,
                                      UnitObservation<T>* scratch) {
  ShowerResult<T> r = record_shower(tables, source, array, step, shower, scratch);
  for (int h = 0; h < kPrimaries; ++h) {
    if (!r.triggered) continue;
    T seeds[kMaxSeeds][P];
    const int found = seed_shower(tables, Primary(h), scratch, array.units, array.unit_area_m2, time_errors, seeds);
    for (int k = 0; k < found; ++k) {
      ShowerFit<T> f = fit_shower(tables, Primary(h), seeds[k], scratch, array.units, array.unit_area_m2, time_errors);
      // ln L can have a second maximum in ln E: a fine scan at the fitted core and direction,
      // and a new fit from there if it finds a higher point.
      T restart[P] = {f.a[0], f.a[1], f.a[2], f.a[3], f.a[4]};
      T log_e, ll;
      best_energy<T, 81>(tables, Primary(h), scratch, array.units, array.unit_area_m2, time_errors, restart, log_e, ll);
      if (std::isfinite(ll) && ll > f.log_likelihood) {
        restart[kLogEnergy] = log_e;
        const ShowerFit<T> g =
            fit_shower(tables, Primary(h), restart, scratch, array.units, array.unit_area_m2, time_errors);
        if (g.converged && g.log_likelihood > f.log_likelihood) f = g;
      }
      if (k == 0 || better_fit(f, r.fit[h])) r.fit[h] = f;
    }
  }
  return r;
}

}  // namespace detgrad::swgo
