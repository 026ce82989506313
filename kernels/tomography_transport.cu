// CUDA launcher of the per-muon transport (include/detgrad/tomography/transport/muon_transport.hpp).
#include "detgrad/tomography/transport/muon_transport.hpp"
#include "grid_stride.cuh"
#include "tomography/transport/transport_launchers.hpp"

namespace detgrad {
namespace {

struct TransportBody {
  TransportSetup setup;
  std::uint64_t first_event;
  MuonTrack<float>* tracks;
  std::uint64_t tracks_to_save;
  TransportCounts* counts;

  __device__ void operator()(std::uint64_t i) const {
    const MuonTrack<float> track = transport_muon<float>(setup, first_event + i);
    if (tracks && i < tracks_to_save) tracks[i] = track;
    atomicAdd(&counts->generated, 1ull);
    if (track.flags & kEnteredVolume) atomicAdd(&counts->entered_volume, 1ull);
    if (track.flags & kStopped) atomicAdd(&counts->stopped, 1ull);
    if (track.flags & kLeftThroughSide) atomicAdd(&counts->left_through_side, 1ull);
    if (track.flags & kReachedBottom) atomicAdd(&counts->reached_bottom, 1ull);
    if (track.flags & kLost) atomicAdd(&counts->lost, 1ull);
  }
};

}  // namespace

void cuda_transport_chunk(const TransportSetup& setup, std::uint64_t first_event, std::uint64_t count,
                          MuonTrack<float>* device_tracks, std::uint64_t tracks_to_save,
                          TransportCounts* device_counts) {
  launch_grid_stride("transport_muon", count,
                     TransportBody{setup, first_event, device_tracks, tracks_to_save, device_counts});
}

}  // namespace detgrad
