#pragma once
// Entry point of the CUDA launcher of the per-muon transport (kernels/tomography_transport.cu).
// In a build without CUDA it throws BackendError("built without CUDA")
// (transport_cuda_unavailable.cpp).
#include <cstdint>

#include "detgrad/tomography/transport/muon_track.hpp"
#include "detgrad/tomography/transport/transport_setup.hpp"

namespace detgrad {

// Integer tallies of a transport run; integer sums are exact in any order.
struct TransportCounts {
  unsigned long long generated, entered_volume, stopped, left_through_side, reached_bottom, lost;
};

// Transports events [first_event, first_event + count) on the device. Tracks of the first
// `tracks_to_save` of them go to device_tracks[event - first_event]; tallies are added to
// *device_counts. `setup` must hold device pointers.
void cuda_transport_chunk(const TransportSetup& setup, std::uint64_t first_event, std::uint64_t count,
                          MuonTrack<float>* device_tracks, std::uint64_t tracks_to_save,
                          TransportCounts* device_counts);

}  // namespace detgrad
