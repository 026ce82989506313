#include "swgo/fitted_passes.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "backend/cpu_reduce.hpp"
#include "backend/ranks.hpp"
#include "swgo/separation_utility.hpp"

namespace detgrad::swgo {
namespace {

// Per-thread scratch for the units' observations of one shower.
UnitObservation<double>* observations(int units) {
  thread_local std::vector<UnitObservation<double>> scratch;
  if (scratch.size() < std::size_t(units)) scratch.resize(std::size_t(units));
  return scratch.data();
}

// In an MPI run each rank wrote the entries of its share of the showers: every rank gets all
// of them (rank 0 collects them and sends the whole list back).
void share_entries(std::vector<SeparationEntry<double>>& entries) {
  if (ranks::size() == 1) return;
  constexpr std::size_t kFields = 4;  // s, weight, gamma, usable
  std::vector<double> mine;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (!entries[k].computed) continue;
    mine.insert(mine.end(), {double(k), entries[k].s, entries[k].weight, double(entries[k].gamma),
                             double(entries[k].usable)});
  }
  const std::vector<double> collected = ranks::gather(mine);
  std::vector<double> all(kFields * entries.size(), 0.0);
  for (std::size_t i = 0; i + kFields < collected.size(); i += kFields + 1)
    std::copy(collected.begin() + std::ptrdiff_t(i + 1), collected.begin() + std::ptrdiff_t(i + 1 + kFields),
              all.begin() + std::ptrdiff_t(kFields * std::size_t(collected[i])));
  ranks::broadcast(all);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    entries[k].s = all[kFields * k];
    entries[k].weight = all[kFields * k + 1];
    entries[k].gamma = all[kFields * k + 2] != 0.0;
    entries[k].usable = all[kFields * k + 3] != 0.0;
    entries[k].computed = true;
  }
}

}  // namespace

FisherUtility fitted_utility(const FitSetup<double>& setup, std::uint32_t step, std::uint64_t first,
                             std::uint64_t count, const UtilityCoefficients& c, bool with_gradient,
                             bool through_fit) {
  FisherUtility u;
  const int units = setup.model.array.units;
  const bool separation = c.gamma_fraction != 0.0;
  std::vector<SeparationEntry<double>> entries(separation ? count : 0);
  std::vector<double> total;
  cpu_reduce_events(
      first, count, kFittedAccumulators,
      [&](std::uint64_t e, double* row) {
        fitted_forward(setup, step, e, observations(units), row, separation ? &entries[e - first] : nullptr);
      },
      total, kFittedBlockShowers);
  for (int i = 0; i < kFisherAccumulators; ++i) u.accumulators[std::size_t(i)] = total[std::size_t(i)];
  fisher_utility_terms(c, u);
  if (separation) share_entries(entries);
  // U_GF from the usable entries, in shower order.
  std::vector<double> d_s(entries.size(), 0.0), d_weight(entries.size(), 0.0);
  if (separation) {
    SeparationSample sample;
    std::vector<std::size_t> index;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      if (!entries[k].usable) continue;
      index.push_back(k);
      sample.s.push_back(entries[k].s);
      sample.weight.push_back(entries[k].weight);
      sample.gamma.push_back(entries[k].gamma);
    }
    const double trials = total[6];
    const double exposure = trials > 0 ? setup.model.source.span_radius_m * std::sqrt(1.0 / trials) : 0.0;
    const SeparationValue v = gamma_fraction_significance(sample, with_gradient);
    u.fraction = v.fraction;
    u.fraction_sigma = v.sigma;
    u.gamma_fraction_term = v.value * exposure;
    u.utility += c.gamma_fraction * u.gamma_fraction_term;
    if (with_gradient)
      for (std::size_t i = 0; i < index.size(); ++i) {
        d_s[index[i]] = c.gamma_fraction * exposure * v.d_s[i];
        d_weight[index[i]] = c.gamma_fraction * exposure * v.d_weight[i];
      }
  }
  if (!with_gradient) return u;
  const double d_acc[3] = {u.d_accumulators[0], u.d_accumulators[1], u.d_accumulators[2]};
  cpu_reduce_events(
      first, count, UnitPacking::size(std::size_t(units)),
      [&](std::uint64_t e, double* row) {
        const std::size_t k = e - first;
        fitted_adjoint(setup, step, e, d_acc, separation, separation ? d_s[k] : 0.0, separation ? d_weight[k] : 0.0,
                       observations(units), row, through_fit);
      },
      u.gradient, kFittedBlockShowers);
  return u;
}

}  // namespace detgrad::swgo
