// CUDA launcher of the MUonE alignment's passes: one thread per block of events, each summing
// its events with the CPU's code into its own row (host/muone/alignment_launchers.hpp).
#include <cuda_runtime.h>

#include <vector>

#include "detgrad/muone/alignment_pass_sums.hpp"
#include "grid_stride.cuh"
#include "muone/alignment_launchers.hpp"

namespace detgrad::muone {
namespace {

constexpr int kAlignmentThreads = 64;  // per CUDA block: each thread fits hundreds of events

// Device memory of `count` T, freed with the object; filled from `host` when given.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer(std::size_t count, const T* host = nullptr) {
    check_cuda(cudaMalloc(&data_, count * sizeof(T)), "muone_alignment_pass");
    if (host) check_cuda(cudaMemcpy(data_, host, count * sizeof(T), cudaMemcpyHostToDevice), "muone_alignment_pass");
  }
  ~DeviceBuffer() { cudaFree(data_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* get() const { return data_; }

 private:
  T* data_ = nullptr;
};

struct AlignmentBlockBody {
  const StationFixed* fixed;
  const StationDesign<double>* design;
  StationAlignment<double> alignment;
  double min_electron_GeV;
  const RecordedEvent* events;
  std::uint64_t n_events, block_events;
  const std::uint64_t* blocks;
  int n_global, n_modules;
  AlignmentEventRows* scratch;  // one per row
  double* sums;
  std::size_t width;
  __device__ void operator()(std::uint64_t k) const {
    AlignmentGeometry g{fixed, design, alignment};
    g.min_electron_GeV = min_electron_GeV;
    const std::uint64_t first = blocks[k] * block_events;
    const std::uint64_t end = first + block_events < n_events ? first + block_events : n_events;
    sum_event_block(g, events, first, end, n_global, n_modules, scratch[k], sums + k * width);
  }
};

}  // namespace

void cuda_alignment_block_sums(const StationFixed& fixed, const StationDesign<double>& design,
                               const StationAlignment<double>& alignment, double min_electron_GeV,
                               const std::vector<RecordedEvent>& events,
                               std::uint64_t block_events, const std::vector<std::uint64_t>& blocks, int n_global,
                               int n_modules, double* sums) {
  if (blocks.empty()) return;
  const std::size_t width = pass_sums_size(n_global, n_modules);
  const DeviceBuffer<StationFixed> d_fixed(1, &fixed);
  const DeviceBuffer<StationDesign<double>> d_design(1, &design);
  const DeviceBuffer<RecordedEvent> d_events(events.size(), events.data());
  const DeviceBuffer<std::uint64_t> d_blocks(blocks.size(), blocks.data());
  const DeviceBuffer<AlignmentEventRows> d_scratch(blocks.size());
  const DeviceBuffer<double> d_sums(blocks.size() * width);
  const AlignmentBlockBody body{d_fixed.get(),    d_design.get(), alignment,       min_electron_GeV,
                                d_events.get(),   events.size(),  block_events,    d_blocks.get(),
                                n_global,         n_modules,      d_scratch.get(), d_sums.get(),
                                width};
  launch_grid_stride("muone_alignment_pass", blocks.size(), body, kAlignmentThreads);
  check_cuda(cudaMemcpy(sums, d_sums.get(), blocks.size() * width * sizeof(double), cudaMemcpyDeviceToHost),
             "muone_alignment_pass");
}

}  // namespace detgrad::muone
