// Calorimeter particle level: 10 GeV electron showers in the LHCb-like lead/scintillator
// stack (66 x [2 mm lead, 4 mm polystyrene], 12 x 12 cm), default cuts (e+- 100 keV,
// photons 50 keV).
//   showers/<float|double>/<showers>: the CPU (OpenMP, all threads), one run_showers_cpu of
//   <showers> showers per iteration (fresh showers each time).
//   BM_CaloShowersCuda/<showers>: the CUDA executor (run_showers_cuda, float; one shower per
//   thread), one iteration; registered only where a CUDA device is usable (else one
//   "skipped: no CUDA device" line on stderr). device_MiB: the GPU's memory in use.
// items_per_second = showers per second (wall clock); steps_per_second = transport steps of
// all particles per second; cpu_ms_per_shower = process CPU time (all threads) per shower;
// host_MiB = peak resident memory (the per-shower rows are 1.1 kB a shower: 132 slabs).
//   BM_ResponseModelStep: the optimisation mode's loss and adjoint gradient (response
//   model, configs/calorimeter/default.json: 40 slabs, 3 energies); the particle-level
//   calibration (200 showers per energy and layout) is done once, outside the timing.
#include <benchmark/benchmark.h>

#include <ctime>
#include <string>

#include "bench_support.hpp"
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/response_model.hpp"
#include "calorimeter/shower_pass.hpp"

namespace detgrad::bench {
namespace {

using namespace detgrad::calorimeter;

void showers_on(benchmark::State& state, ShowerPrecision precision, Backend backend) {
  StackSpec spec;
  spec.slabs = repeat({{"lead", 2e-3, false}, {"polystyrene", 4e-3, true}}, 66);
  spec.half_width_m = 0.06;
  const ShowerSetup setup(spec, EmCuts{});
  const BeamSource<double> beam{ParticleType::electron, 10.0, 0.0, 0.0};
  ShowerRunOptions o;
  o.showers = std::uint64_t(state.range(0));
  o.precision = precision;
  MemoryPeaks peaks(backend);
  std::uint64_t steps = 0;
  const std::clock_t c0 = std::clock();
  try {
    for (auto _ : state) {
      const ShowerTallies t = backend == Backend::cuda ? run_showers_cuda(setup, beam, o) : run_showers_cpu(setup, beam, o);
      peaks.sample();
      steps += t.steps;
      benchmark::DoNotOptimize(t.slab_deposit.data());
      o.first += o.showers;
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const double cpu_s = double(std::clock() - c0) / CLOCKS_PER_SEC;
  const double n = double(state.iterations()) * double(o.showers);
  state.SetItemsProcessed(std::int64_t(n));
  state.counters["steps_per_second"] = benchmark::Counter(double(steps), benchmark::Counter::kIsRate);
  state.counters["steps_per_shower"] = double(steps) / n;
  state.counters["cpu_ms_per_shower"] = 1e3 * cpu_s / n;
  peaks.report(state);
}

void response_model_step(benchmark::State& state) {
  std::ifstream in(std::filesystem::path(DETGRAD_SOURCE_DIR) / "configs/calorimeter/default.json");
  const CaloStudyConfig study = read_calo_study(nlohmann::json::parse(in));
  const ResponseModel model(study, 200);
  const std::vector<double> x = model.initial();
  std::vector<double> gradient(x.size());
  for (auto _ : state) {
    std::fill(gradient.begin(), gradient.end(), 0.0);
    benchmark::DoNotOptimize(model.loss(x, &gradient));
  }
}
BENCHMARK(response_model_step)->Unit(benchmark::kMicrosecond);

void showers(benchmark::State& state, ShowerPrecision precision) { showers_on(state, precision, Backend::cpu); }

BENCHMARK_CAPTURE(showers, float, ShowerPrecision::single_precision)
    ->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(showers, double, ShowerPrecision::double_precision)
    ->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// The CUDA benchmarks (the CPU ones are registered above, by the macros).
void register_backend(Backend backend) {
  if (backend != Backend::cuda) return;
  benchmark::RegisterBenchmark("BM_CaloShowersCuda",
                               [](benchmark::State& state) {
                                 showers_on(state, ShowerPrecision::single_precision, Backend::cuda);
                               })
      ->Arg(1000)
      ->Arg(10000)
      ->Arg(100000)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(1);
}

}  // namespace
}  // namespace detgrad::bench

int main(int argc, char** argv) { return detgrad::bench::run_benchmarks(argc, argv, detgrad::bench::register_backend); }
