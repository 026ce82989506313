#pragma once
// Entry points of the CUDA launchers (kernels/*.cu). In a build without CUDA they throw
// BackendError("built without CUDA") (host/backend/cuda_unavailable.cpp).
#include <cstdint>

#include "detgrad/transport/muon_track.hpp"
#include "detgrad/transport/transport_setup.hpp"

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

// Random-number cross-check: words [4 * draws_per_event] per event from detgrad's
// EventRandom (seed, step 0, stream source) and from cuRAND's Philox4_32_10 with
// curand_init(seed, subsequence = event, offset 0), for events [0, events).
void cuda_philox_words(std::uint64_t seed, std::uint32_t events, std::uint32_t blocks_per_event,
                       std::uint32_t* device_detgrad_words, std::uint32_t* device_curand_words);

}  // namespace detgrad
