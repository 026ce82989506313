#include "swgo/fitted_passes.hpp"

#include <vector>

#include "backend/cpu_reduce.hpp"

namespace detgrad::swgo {
namespace {

// Per-thread scratch for the units' observations of one shower.
UnitObservation<double>* observations(int units) {
  thread_local std::vector<UnitObservation<double>> scratch;
  if (scratch.size() < std::size_t(units)) scratch.resize(std::size_t(units));
  return scratch.data();
}

}  // namespace

FisherUtility fitted_utility(const FitSetup<double>& setup, std::uint32_t step, std::uint64_t first,
                             std::uint64_t count, const UtilityCoefficients& c, bool with_gradient,
                             bool through_fit) {
  FisherUtility u;
  const int units = setup.model.array.units;
  std::vector<double> total;
  cpu_reduce_events(
      first, count, kFisherAccumulators,
      [&](std::uint64_t e, double* row) { fitted_forward(setup, step, e, observations(units), row); }, total,
      kFittedBlockShowers);
  for (int i = 0; i < kFisherAccumulators; ++i) u.accumulators[std::size_t(i)] = total[std::size_t(i)];
  fisher_utility_terms(c, u);
  if (!with_gradient) return u;
  const double d_acc[3] = {u.d_accumulators[0], u.d_accumulators[1], u.d_accumulators[2]};
  cpu_reduce_events(
      first, count, std::size_t(2 * units),
      [&](std::uint64_t e, double* row) { fitted_adjoint(setup, step, e, d_acc, observations(units), row, through_fit); },
      u.gradient, kFittedBlockShowers);
  return u;
}

}  // namespace detgrad::swgo
