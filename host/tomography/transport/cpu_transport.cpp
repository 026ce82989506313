// The CPU executor of the per-muon transport: an OpenMP loop over the same portable code
// the CUDA launcher runs. Tallies are integers, so their sum does not depend on threads.
#include "detgrad/tomography/transport/muon_transport.hpp"
#include "tomography/transport/transport_run.hpp"

namespace detgrad {

void cpu_transport_chunk(const TransportSetup& setup, std::uint64_t first_event, std::uint64_t count,
                         MuonTrack<float>* tracks, std::uint64_t tracks_to_save, TransportCounts& counts) {
  unsigned long long entered = 0, stopped = 0, side = 0, bottom = 0, lost = 0;
  const std::int64_t n = std::int64_t(count);
#pragma omp parallel for schedule(dynamic, 1024) reduction(+ : entered, stopped, side, bottom, lost)
  for (std::int64_t i = 0; i < n; ++i) {
    const MuonTrack<float> track = transport_muon<float>(setup, first_event + std::uint64_t(i));
    if (tracks && std::uint64_t(i) < tracks_to_save) tracks[i] = track;
    entered += (track.flags & kEnteredVolume) ? 1 : 0;
    stopped += (track.flags & kStopped) ? 1 : 0;
    side += (track.flags & kLeftThroughSide) ? 1 : 0;
    bottom += (track.flags & kReachedBottom) ? 1 : 0;
    lost += (track.flags & kLost) ? 1 : 0;
  }
  counts.generated += count;
  counts.entered_volume += entered;
  counts.stopped += stopped;
  counts.left_through_side += side;
  counts.reached_bottom += bottom;
  counts.lost += lost;
}

}  // namespace detgrad
