// The calorimeter's CUDA entry point in a build without CUDA.
#include "calorimeter/calo_launchers.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {

std::uint64_t cuda_calorimeter_showers(const EmTables<float>&, const LayerStack<float>&,
                                       const TransportSettings<float>&, const BeamSource<float>&, std::uint64_t,
                                       std::uint64_t, double*, double*, int*, const CudaCells&) {
  throw BackendError("detgrad was built without CUDA: rebuild with -DDETGRAD_CUDA=ON on a machine with the CUDA toolkit");
}

}  // namespace detgrad::calorimeter
