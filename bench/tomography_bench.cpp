// Tomography throughput on the CPU executor (muons per second), the default study
// (configs/tomography/hello_world.json):
// the forward pass alone, and a whole gradient evaluation (forward pass, host loss,
// adjoint replay), in float as the optimiser runs it.
#include <benchmark/benchmark.h>

#include <string>

#include "detgrad/study/study_json.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {
namespace {

StudyConfig default_study() {
  return load_study_file(std::string(DETGRAD_SOURCE_DIR) + "/configs/tomography/hello_world.json");
}

void BM_TomographyForwardCpu(benchmark::State& state) {
  const TomographyModel model(default_study());
  const DesignParams<double> design = model.initial_design();
  PassOptions options;
  options.muons = std::uint64_t(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(forward_pass(model, design, options));
    ++options.step;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_TomographyForwardCpu)->Arg(1 << 18)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TomographyForwardAdjointCpu(benchmark::State& state) {
  const TomographyModel model(default_study());
  const DesignParams<double> design = model.initial_design();
  PassOptions options;
  options.muons = std::uint64_t(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(evaluate(model, design, options, true));
    ++options.step;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_TomographyForwardAdjointCpu)->Arg(1 << 16)->Arg(1 << 18)->Arg(1 << 20)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace detgrad::tomography

BENCHMARK_MAIN();
