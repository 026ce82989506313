#pragma once
// Runs the transport of many muons in chunks on the chosen executor. Memory does not grow
// with the number of muons: only the tracks that are kept are handed out, chunk by chunk.
#include <cstdint>
#include <functional>

#include "backend/backend.hpp"
#include "tomography/transport/transport_launchers.hpp"
#include "tomography/transport/transport_model.hpp"

namespace detgrad {

struct TransportRunOptions {
  std::uint64_t muons = 0;
  std::uint64_t tracks_to_keep = 0;  // the first events' tracks go to the consumer
  std::uint32_t step = 0;            // optimisation step (part of the random-number counter)
  std::uint64_t chunk_events = 0;    // 0: the executor's default
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

// Receives tracks of events [first_event, first_event + count) in order.
using TrackConsumer = std::function<void(std::uint64_t first_event, const MuonTrack<float>* tracks, std::uint64_t count)>;

struct TransportRunResult {
  TransportCounts counts{};
  double wall_seconds = 0;
};

TransportRunResult run_transport(const TransportModel& model, Backend backend, const TransportRunOptions& options,
                                 const TrackConsumer& consumer);

// The CPU executor on one chunk (exposed for tests and benchmarks).
void cpu_transport_chunk(const TransportSetup& setup, std::uint64_t first_event, std::uint64_t count,
                         MuonTrack<float>* tracks, std::uint64_t tracks_to_save, TransportCounts& counts);

}  // namespace detgrad
