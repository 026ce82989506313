// The tomography task's CUDA entry points in a build without CUDA.
#include "detgrad/core/error.hpp"
#include "tomography/tomography_launchers.hpp"

namespace detgrad::tomography {
namespace {
[[noreturn]] void unavailable() {
  throw BackendError("detgrad was built without CUDA: rebuild with -DDETGRAD_CUDA=ON on a machine with the CUDA toolkit");
}
}  // namespace

void cuda_tomography_forward(const TomographySetup&, const DesignParams<float>&, std::uint64_t, std::uint64_t,
                             long long*, long long*, long long*, long long*) {
  unavailable();
}
void cuda_tomography_adjoint(const TomographySetup&, const DesignParams<float>&, const AccumulatorCotangents&,
                             std::uint64_t, std::uint64_t, double*) {
  unavailable();
}

}  // namespace detgrad::tomography
