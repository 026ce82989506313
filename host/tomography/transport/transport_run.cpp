#include "tomography/transport/transport_run.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "tomography/transport/device_transport_model.hpp"

namespace detgrad {
namespace {

constexpr std::uint64_t kCpuChunkEvents = 1u << 16;   // 64k tracks of ~0.35 kB: 23 MB at most
constexpr std::uint64_t kCudaChunkEvents = 1u << 22;  // 4M events per launch

template <class ChunkRunner>
void run_chunks(const TransportRunOptions& options, std::uint64_t chunk, std::vector<MuonTrack<float>>& buffer,
                const TrackConsumer& consumer, ChunkRunner&& run_chunk) {
  for (std::uint64_t first = 0; first < options.muons; first += chunk) {
    const std::uint64_t count = std::min(chunk, options.muons - first);
    const std::uint64_t keep = first < options.tracks_to_keep ? std::min(count, options.tracks_to_keep - first) : 0;
    if (keep > 0 && buffer.size() < keep) buffer.resize(std::min(chunk, options.tracks_to_keep));
    run_chunk(first, count, keep);
    if (keep > 0 && consumer) consumer(first, buffer.data(), keep);
    if (options.progress) options.progress(first + count, options.muons);
  }
}

}  // namespace

TransportRunResult run_transport(const TransportModel& model, Backend backend, const TransportRunOptions& options,
                                 const TrackConsumer& consumer) {
  TransportRunResult result;
  std::vector<MuonTrack<float>> buffer;
  const auto start = std::chrono::steady_clock::now();
  if (backend == Backend::cuda) {
    const DeviceTransportModel device(model);
    const TransportSetup setup = device.setup(options.step);
    const std::uint64_t chunk = options.chunk_events ? options.chunk_events : kCudaChunkEvents;
    DeviceArray<TransportCounts> counts(1);
    counts.zero();
    DeviceArray<MuonTrack<float>> tracks(std::min(chunk, options.tracks_to_keep));
    run_chunks(options, chunk, buffer, consumer, [&](std::uint64_t first, std::uint64_t count, std::uint64_t keep) {
      cuda_transport_chunk(setup, first, count, keep ? tracks.get() : nullptr, keep, counts.get());
      if (keep) tracks.download(buffer, keep);
    });
    std::vector<TransportCounts> host_counts;
    counts.download(host_counts, 1);
    result.counts = host_counts[0];
  } else {
    const TransportSetup setup = model.host_setup(options.step);
    const std::uint64_t chunk = options.chunk_events ? options.chunk_events : kCpuChunkEvents;
    run_chunks(options, chunk, buffer, consumer, [&](std::uint64_t first, std::uint64_t count, std::uint64_t keep) {
      cpu_transport_chunk(setup, first, count, keep ? buffer.data() : nullptr, keep, result.counts);
    });
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace detgrad
