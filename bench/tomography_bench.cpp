// Tomography pass throughput, in float as the optimiser runs it, for two studies
// (bench_studies.hpp: hello_world, and ladle_furnace on its first generated training
// volume), on the CPU executor (OpenMP, all threads) and the CUDA executor:
//   BM_TomographyForward{Cpu,Cuda}/<study>/<muons>         forward_pass: transport, panel
//       response, fits, PoCA, voxel accumulators;
//   BM_TomographyForwardAdjoint{Cpu,Cuda}/<study>/<muons>  evaluate(..., want_gradient):
//       forward pass, host loss, adjoint replay of every muon: the gradient of one step.
// Each iteration is one pass over <muons> fresh muons (the step advances).
// items_per_second = muons per second (wall-clock time); time in milliseconds per pass;
// counters host_MiB, and for CUDA device_MiB and device_alloc_MiB (bench_support.hpp).
// Counts 1e4 to 1e8 (CUDA: to 1e9); by default the CPU runs up to 1e6 and CUDA up to 1e8:
// DETGRAD_BENCH_MAX_MUONS=1e8 (or 1e9) runs the larger ones. Without a CUDA device the
// CUDA benchmarks are not registered and one "skipped: no CUDA device" line says so.
// A small untimed pass first warms up the OpenMP threads or the CUDA context and modules.
#include <benchmark/benchmark.h>

#include <exception>
#include <string>
#include <vector>

#include "bench_studies.hpp"
#include "bench_support.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::bench {
namespace {

using tomography::PassOptions;

constexpr std::uint64_t kWarmUpMuons = 4096;

void run_pass(benchmark::State& state, const BenchStudy& study, Backend backend, std::uint64_t muons, bool adjoint) {
  const tomography::DesignParams<double> design = study.model.initial_design();
  PassOptions options;
  options.backend = backend;
  options.volume = study.pass_volume();
  MemoryPeaks peaks(backend);
  const auto pass = [&] {
    if (adjoint) {
      benchmark::DoNotOptimize(tomography::evaluate(study.model, design, options, true));
    } else {
      benchmark::DoNotOptimize(tomography::forward_pass(study.model, design, options));
    }
    peaks.sample();
    ++options.step;
  };
  try {
    options.events = kWarmUpMuons;
    pass();
    options.events = muons;
    for (auto _ : state) pass();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(muons));
  peaks.report(state);
}

void register_backend(Backend backend) {
  const bool cuda = backend == Backend::cuda;
  std::vector<std::uint64_t> all = {10000, 100000, 1000000, 10000000, 100000000};
  if (cuda) all.push_back(1000000000);
  const std::vector<std::uint64_t> counts = counts_to_run(cuda ? "CUDA passes" : "CPU passes", backend, all);
  for (const char* study : {"hello_world", "ladle_furnace"})
    for (const bool adjoint : {false, true})
      for (const std::uint64_t muons : counts) {
        const std::string name = std::string(adjoint ? "BM_TomographyForwardAdjoint" : "BM_TomographyForward") +
                                 (cuda ? "Cuda/" : "Cpu/") + study + "/" + muon_label(muons);
        const std::string study_name = study;
        configure(benchmark::RegisterBenchmark(name.c_str(),
                                               [=](benchmark::State& state) {
                                                 run_pass(state, bench_study(study_name), backend, muons, adjoint);
                                               }),
                  backend, muons);
      }
}

}  // namespace
}  // namespace detgrad::bench

int main(int argc, char** argv) { return detgrad::bench::run_benchmarks(argc, argv, detgrad::bench::register_backend); }
