// The MUonE task's CUDA entry points in a build without CUDA.
#include "detgrad/core/error.hpp"
#include "muone/alignment_launchers.hpp"
#include "muone/muone_launchers.hpp"

namespace detgrad::muone {
namespace {
[[noreturn]] void unavailable() {
  throw BackendError("detgrad was built without CUDA: rebuild with -DDETGRAD_CUDA=ON on a machine with the CUDA toolkit");
}
}  // namespace

void cuda_muone_forward(const ModelSetup&, const ModelDesign<float>&, std::uint32_t, std::uint64_t, std::uint64_t,
                        double*) {
  unavailable();
}
void cuda_muone_adjoint(const ModelSetup&, const ModelDesign<float>&, const BinCotangents<float>&, std::uint32_t,
                        std::uint64_t, std::uint64_t, double*) {
  unavailable();
}

void cuda_alignment_block_sums(const StationFixed&, const StationDesign<double>&, const StationAlignment<double>&,
                               double, const std::vector<RecordedEvent>&, std::uint64_t, const std::vector<std::uint64_t>&,
                               int, int, double*) {
  unavailable();
}

}  // namespace detgrad::muone
