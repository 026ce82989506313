#pragma once
// The optimisation-mode utility on the CPU executor (include/detgrad/swgo/fisher_utility.hpp):
// pass 1 sums the per-shower accumulators, the host turns them into
//   U_IR = 50 A / B,  U_PR = 2000 C / A,  U = c_IR U_IR + c_PR U_PR
// (A = sum_gamma w, B = sum_gamma w sigma_lnE, C = sum_gamma w pointing), pass 2 replays the
// showers with dU/d(A, B, C) into dU/d(every unit's x, y). Deterministic (cpu_reduce_events,
// blocks of fisher_block_showers(count) showers).
#include <array>
#include <cstdint>
#include <vector>

#include "detgrad/swgo/fisher_utility.hpp"

namespace detgrad::swgo {

struct UtilityCoefficients {
  double gamma_fraction = 1.0;  // c_GF (evaluation mode and fitted errors only)
  double energy = 1.0;          // c_IR
  double pointing = 1.0;        // c_PR
};

struct FisherUtility {
  std::array<double, kFisherAccumulators> accumulators{};
  double energy_term = 0.0;    // U_IR
  double pointing_term = 0.0;  // U_PR
  // U_GF, the batch's gamma fraction and its error (fitted errors with c_GF != 0 only).
  double gamma_fraction_term = 0.0;
  double fraction = 0.0, fraction_sigma = 0.0;
  double utility = 0.0;        // c_IR U_IR + c_PR U_PR (+ c_GF U_GF)
  std::array<double, 3> d_accumulators{};  // dU/d(A, B, C)
  std::vector<double> gradient;            // dU/d(x0, y0, x1, y1, ...) if asked for
};

// Showers per reduction block of the passes on the CPU (cpu_reduce_events) for a pass of
// `showers`: sized to the work, so that a step's blocks outnumber the threads (at least 64
// blocks from 1024 showers on, 16 showers per block below) while adding a block's row (two
// doubles per unit) stays small beside its showers' work (each shower visits every unit).
// A function of the pass's shower count alone: the sums are bitwise the same on any number
// of threads and ranks.
std::uint64_t fisher_block_showers(std::uint64_t showers);

// U and (with_gradient) its gradient for the showers [first, first + count) of `step`.
FisherUtility fisher_utility(const FisherSetup<double>& setup, std::uint32_t step, std::uint64_t first,
                             std::uint64_t count, const UtilityCoefficients& c, bool with_gradient);

// U from accumulators, with dU/d(A, B, C).
void fisher_utility_terms(const UtilityCoefficients& c, FisherUtility& u);

}  // namespace detgrad::swgo
