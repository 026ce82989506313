#include "swgo/fisher_passes.hpp"

#include "backend/cpu_reduce.hpp"
#include "detgrad/swgo/constants.hpp"

namespace detgrad::swgo {

void fisher_utility_terms(const UtilityCoefficients& c, FisherUtility& u) {
  const double A = u.accumulators[0], B = u.accumulators[1], C = u.accumulators[2];
  u.energy_term = B > 0.0 ? kEnergyResolutionScale * A / B : 0.0;
  u.pointing_term = A > 0.0 ? kPointingResolutionScale * C / A : 0.0;
  u.utility = c.energy * u.energy_term + c.pointing * u.pointing_term;
  u.d_accumulators = {0.0, 0.0, 0.0};
  if (B > 0.0) {
    u.d_accumulators[0] += c.energy * kEnergyResolutionScale / B;
    u.d_accumulators[1] += -c.energy * kEnergyResolutionScale * A / (B * B);
  }
  if (A > 0.0) {
    u.d_accumulators[0] += -c.pointing * kPointingResolutionScale * C / (A * A);
    u.d_accumulators[2] += c.pointing * kPointingResolutionScale / A;
  }
}

std::uint64_t fisher_block_showers(std::uint64_t showers) {
  std::uint64_t block = 16;
  while (block < 2048 && block * 2 * 64 <= showers) block *= 2;
  return block;
}

FisherUtility fisher_utility(const FisherSetup<double>& setup, std::uint32_t step, std::uint64_t first,
                             std::uint64_t count, const UtilityCoefficients& c, bool with_gradient) {
  FisherUtility u;
  std::vector<double> total;
  const std::uint64_t block = fisher_block_showers(count);
  cpu_reduce_events(
      first, count, kFisherAccumulators,
      [&](std::uint64_t e, double* row) { fisher_forward(setup, step, e, row); }, total, block);
  for (int i = 0; i < kFisherAccumulators; ++i) u.accumulators[std::size_t(i)] = total[std::size_t(i)];
  fisher_utility_terms(c, u);
  if (!with_gradient) return u;
  const double d_acc[3] = {u.d_accumulators[0], u.d_accumulators[1], u.d_accumulators[2]};
  cpu_reduce_events(
      first, count, UnitPacking::size(std::size_t(setup.array.units)),
      [&](std::uint64_t e, double* row) { fisher_adjoint(setup, step, e, d_acc, row); }, u.gradient, block);
  return u;
}

}  // namespace detgrad::swgo
