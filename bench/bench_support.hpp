#pragma once
// What the benchmark programs share: which muon counts run by default, the peak-memory
// counters, and the check that skips the CUDA benchmarks where there is no device.
//
// Muon counts. Every benchmark lists all its counts; only those up to a cap are registered:
//   CPU  default 1e6 (a 1e8 forward + adjoint pass takes minutes on 2 cores);
//   CUDA default 1e8;
//   DETGRAD_BENCH_MAX_MUONS=N (e.g. 1e8, 1e9) sets the cap for both backends.
// The counts left out are named on one line on stderr.
//
// Counters (per benchmark run, after the timed iterations):
//   host_MiB    peak resident host memory (getrusage ru_maxrss) while the benchmark ran:
//               the kernel's high-water mark is reset (/proc/self/clear_refs) when the run
//               starts, so it includes what was resident then (the program, the cached
//               models, the CUDA runtime) plus what the passes added; where the reset is not
//               possible it is the process's peak so far.
//   device_MiB  CUDA only: device memory in use on the whole GPU (cudaMemGetInfo: total
//               minus free, the CUDA context and the driver's reservations included),
//               sampled after every pass and the largest sample kept;
//   device_alloc_MiB  CUDA only: the peak of detgrad's own device allocations
//               (DeviceBytes) during the run, transient buffers of a pass included.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "backend/cuda_runtime.hpp"
#include "detgrad/tomography/study_config.hpp"

namespace detgrad::bench {

constexpr std::uint64_t kDefaultCpuMaxMuons = 1000000;
constexpr std::uint64_t kDefaultCudaMaxMuons = 100000000;
constexpr double kMiB = 1024.0 * 1024.0;

// The cap on muons per step for `backend` (see above). A malformed DETGRAD_BENCH_MAX_MUONS
// ends the program with exit code 2.
inline std::uint64_t max_muons(Backend backend) {
  const char* text = std::getenv("DETGRAD_BENCH_MAX_MUONS");
  if (!text || !*text) return backend == Backend::cuda ? kDefaultCudaMaxMuons : kDefaultCpuMaxMuons;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(value >= 1.0) || value > 1e18) {
    std::fprintf(stderr, "DETGRAD_BENCH_MAX_MUONS: expected a number of muons such as 1e8, got \"%s\"\n", text);
    std::exit(2);
  }
  return std::uint64_t(value);
}

// "1e6" for powers of ten, else the number.
inline std::string muon_label(std::uint64_t muons) {
  const double exponent = std::log10(double(muons));
  if (muons >= 10 && std::pow(10.0, std::round(exponent)) == double(muons)) return "1e" + std::to_string(int(std::round(exponent)));
  return std::to_string(muons);
}

// The counts of `all` up to the cap; the others are reported on stderr under `what`.
inline std::vector<std::uint64_t> counts_to_run(const std::string& what, Backend backend,
                                                const std::vector<std::uint64_t>& all) {
  const std::uint64_t cap = max_muons(backend);
  std::vector<std::uint64_t> run, left;
  for (std::uint64_t n : all) (n <= cap ? run : left).push_back(n);
  if (!left.empty()) {
    std::string names;
    for (std::uint64_t n : left) names += " " + muon_label(n);
    std::fprintf(stderr, "not run: %s at%s muons (above %s; set DETGRAD_BENCH_MAX_MUONS=%s to run them)\n", what.c_str(),
                 names.c_str(), muon_label(cap).c_str(), muon_label(left.back()).c_str());
  }
  return run;
}

// Whether the CUDA benchmarks can run; if not, says so once on stderr.
inline bool cuda_benchmarks_enabled() {
  static const bool enabled = [] {
    std::string why;
    if (cuda_device_count(&why) > 0) return true;
    std::fprintf(stderr, "skipped: no CUDA device [%s]: the CUDA benchmarks are not registered\n", why.c_str());
    return false;
  }();
  return enabled;
}

// Single iterations where one already takes seconds: from 1e7 muons on the CPU, from 1e9
// on CUDA. Milliseconds, wall-clock time (the passes run on several threads or the GPU).
inline void configure(benchmark::internal::Benchmark* b, Backend backend, std::uint64_t muons) {
  b->Unit(benchmark::kMillisecond)->UseRealTime();
  if (muons >= (backend == Backend::cuda ? 1000000000u : 10000000u)) b->Iterations(1);
}

// Peak host and device memory over one benchmark run (see the counters above).
class MemoryPeaks {
 public:
  explicit MemoryPeaks(Backend backend) : cuda_(backend == Backend::cuda) {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";  // reset the resident-set high-water mark (Linux)
    if (cuda_) cuda_reset_allocation_peak();
  }
  // After each pass.
  void sample() {
    if (cuda_) device_bytes_ = std::max(device_bytes_, cuda_device_memory_used());
  }
  void report(benchmark::State& state) const {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["host_MiB"] = double(usage.ru_maxrss) * 1024.0 / kMiB;  // ru_maxrss is in KiB
    if (cuda_) {
      state.counters["device_MiB"] = double(device_bytes_) / kMiB;
      state.counters["device_alloc_MiB"] = double(cuda_allocation_peak_bytes()) / kMiB;
    }
  }

 private:
  bool cuda_;
  std::size_t device_bytes_ = 0;
};

// The main of a program whose benchmarks are registered per backend: the CPU ones always,
// the CUDA ones where a device is present.
inline int run_benchmarks(int argc, char** argv, void (*register_backend)(Backend)) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_backend(Backend::cpu);
  if (cuda_benchmarks_enabled()) register_backend(Backend::cuda);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace detgrad::bench
