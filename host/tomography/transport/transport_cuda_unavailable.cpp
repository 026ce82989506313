// The transport's CUDA entry point in a build without CUDA: a clear error on use.
#include "detgrad/core/error.hpp"
#include "tomography/transport/transport_launchers.hpp"

namespace detgrad {

void cuda_transport_chunk(const TransportSetup&, std::uint64_t, std::uint64_t, MuonTrack<float>*, std::uint64_t,
                          TransportCounts*) {
  throw BackendError("detgrad was built without CUDA: rebuild with -DDETGRAD_CUDA=ON on a machine with the CUDA toolkit");
}

}  // namespace detgrad
