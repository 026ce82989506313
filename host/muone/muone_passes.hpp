#pragma once
// The MUonE task's passes over the events of one step (docs/design.md, principle 3):
//   forward: every event's (N_b, S_b) contributions of the smooth model, summed;
//   host:    the loss and dL/d(S_b, N_b) (resolution_loss.hpp);
//   adjoint: every event regenerated with the same random numbers, dL/d(S, N) turned into
//            dL/d(model design) (resolution_model.hpp).
// CPU (OpenMP, fixed blocks, cpu_reduce.hpp) and CUDA (kernels/muone.cu) run the same
// per-event code. Deterministic: same seed, same backend, same bits.
#include <cstdint>
#include <vector>

#include "backend/pass_options.hpp"
#include "detgrad/muone/resolution_model.hpp"

namespace detgrad::muone {

// The passes take the engine's PassOptions (backend/pass_options.hpp).

// (N_0, S_0, N_1, S_1, ...) over setup.n_bins bins.
std::vector<double> forward_pass(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& options);

// dL/d(model design) given dL/dS_b and dL/dN_b.
ModelDesign<double> adjoint_pass(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& options,
                                 const std::vector<double>& d_s, const std::vector<double>& d_n);

template <typename T, typename U>
ModelDesign<T> model_design_as(const ModelDesign<U>& d) {
  ModelDesign<T> out;
  const U* in = flat(d);
  T* o = flat(out);
  for (int i = 0; i < model_parameter_count<U>(); ++i) o[i] = T(in[i]);
  return out;
}

}  // namespace detgrad::muone
