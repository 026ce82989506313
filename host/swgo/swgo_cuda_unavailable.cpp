// The SWGO task's CUDA entry points in a build without CUDA.
#include "detgrad/core/error.hpp"
#include "swgo/particle_launchers.hpp"
#include "swgo/swgo_launchers.hpp"

namespace detgrad::swgo {
namespace {
[[noreturn]] void unavailable() {
  throw BackendError("detgrad was built without CUDA: rebuild with -DDETGRAD_CUDA=ON on a machine with the CUDA toolkit");
}
}  // namespace

void cuda_fisher_forward(const FisherSetup<float>&, std::uint32_t, std::uint64_t, std::uint64_t, long long*) {
  unavailable();
}
void cuda_fisher_adjoint(const FisherSetup<float>&, std::uint32_t, std::uint64_t, std::uint64_t, const float (&)[3],
                         long long*) {
  unavailable();
}
void cuda_count_particles(const ParticleSetup<float, ShowerSource<float>>&, std::uint32_t, std::uint64_t, std::uint64_t,
                          unsigned long long*, unsigned long long*) {
  unavailable();
}
void cuda_count_particles(const ParticleSetup<float, FixedShower<float>>&, std::uint32_t, std::uint64_t, std::uint64_t,
                          unsigned long long*, unsigned long long*) {
  unavailable();
}

}  // namespace detgrad::swgo
