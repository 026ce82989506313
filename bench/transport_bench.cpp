// Transport throughput (muons per second) of the default study (configs/tomography/
// hello_world.json) on the CPU executor, and on the CUDA executor where a device exists
// (without one the CUDA benchmark is not registered and one "skipped: no CUDA device" line
// says so). Nothing per muon is stored: the tallies are the only output, as in a streamed run.
#include <benchmark/benchmark.h>

#include <string>

#include "backend/cuda_runtime.hpp"
#include "bench_support.hpp"
#include "detgrad/tomography/study_json.hpp"
#include "tomography/transport/device_transport_model.hpp"
#include "tomography/transport/transport_model.hpp"
#include "tomography/transport/transport_run.hpp"

namespace detgrad {
namespace {

TomographyStudyConfig default_study() {
  TomographyStudyConfig study = load_study_file(std::string(DETGRAD_SOURCE_DIR) + "/configs/tomography/hello_world.json");
  resolve_defaults(study);
  return study;
}

void BM_TransportCpu(benchmark::State& state) {
  const TransportModel model(default_study());
  const TransportSetup setup = model.host_setup();
  const std::uint64_t muons = std::uint64_t(state.range(0));
  std::uint64_t first = 0;
  for (auto _ : state) {
    TransportCounts counts{};
    cpu_transport_chunk(setup, first, muons, nullptr, 0, counts);
    benchmark::DoNotOptimize(counts);
    first += muons;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(muons));
}
BENCHMARK(BM_TransportCpu)->Arg(1 << 16)->Arg(1 << 20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TransportCuda(benchmark::State& state) {
  const TransportModel model(default_study());
  const DeviceTransportModel device(model);
  const TransportSetup setup = device.setup(0);
  DeviceArray<TransportCounts> counts(1);
  const std::uint64_t muons = std::uint64_t(state.range(0));
  std::uint64_t first = 0;
  for (auto _ : state) {
    counts.zero();
    cuda_transport_chunk(setup, first, muons, nullptr, 0, counts.get());
    first += muons;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(muons));
}

}  // namespace
}  // namespace detgrad

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (detgrad::bench::cuda_benchmarks_enabled())
    benchmark::RegisterBenchmark("BM_TransportCuda", detgrad::BM_TransportCuda)
        ->Arg(1 << 20)
        ->Arg(1 << 24)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
