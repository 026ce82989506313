// MUonE pass throughput (the smooth resolution model of the optimisation mode), in float as
// the optimiser runs it, on the reference station (docs/references.md, MUonE: 6 + 6 modules, 1.5
// cm Be target, E_e > 1 GeV, 4 q2 bins), on the CPU executor (OpenMP, all threads) and the
// CUDA executor:
//   BM_MuoneForward{Cpu,Cuda}/<events>         forward_pass: event generation (beam, vertex,
//       q2 by rejection, kinematics), acceptance, predicted variances, bin accumulators;
//   BM_MuoneForwardAdjoint{Cpu,Cuda}/<events>  evaluate_model with the gradient: forward
//       pass, host loss, adjoint replay of every event.
// Each iteration is one pass over <events> fresh events (the step advances).
// items_per_second = events per second (wall-clock time). By default the CPU runs up to
// 1e6 events and CUDA up to 1e8 (DETGRAD_BENCH_MAX_MUONS raises the cap). Without a CUDA
// device the CUDA benchmarks are not registered and one "skipped: no CUDA device" line says so.
#include <benchmark/benchmark.h>

#include <exception>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "muone/model_step.hpp"
#include "muone/station_config.hpp"

namespace detgrad::bench {
namespace {

using namespace detgrad::muone;

constexpr std::uint64_t kWarmUpEvents = 4096;

const ResolutionLossConfig kLoss{{0.001, 0.02, 0.06, 0.1, 0.1531}, 1.0};

ModelSetup bench_setup() {
  ModelSetup s;
  s.fixed = build_fixed(reference_station(), 2024);
  s.n_bins = int(kLoss.q2_edges_GeV2.size()) - 1;
  for (std::size_t i = 0; i < kLoss.q2_edges_GeV2.size(); ++i) s.q2_edges_GeV2[i] = kLoss.q2_edges_GeV2[i];
  s.softness_m = 1e-3;
  return s;
}

ModelDesign<double> bench_design() {
  ModelDesign<double> d;
  d.station = build_design<double>(reference_station());
  d.in = SideModel<double>{6e-10, 0.0, 6e-10, 4e-9, 0.0, 4e-9};
  d.out = SideModel<double>{6e-10, 0.0, 6e-10, 4e-9, 0.0, 4e-9};
  return d;
}

void run_pass(benchmark::State& state, Backend backend, std::uint64_t events, bool adjoint) {
  const ModelSetup setup = bench_setup();
  const ModelDesign<double> design = bench_design();
  PassOptions options;
  options.backend = backend;
  MemoryPeaks peaks(backend);
  const auto pass = [&] {
    benchmark::DoNotOptimize(evaluate_model(setup, design, options, kLoss, adjoint ? Gradient::yes : Gradient::no));
    peaks.sample();
    ++options.step;
  };
  try {
    options.events = kWarmUpEvents;
    pass();
    options.events = events;
    for (auto _ : state) pass();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(events));
  peaks.report(state);
}

void register_backend(Backend backend) {
  const bool cuda = backend == Backend::cuda;
  std::vector<std::uint64_t> all = {100000, 1000000, 10000000, 100000000};
  if (cuda) all.push_back(1000000000);
  const std::vector<std::uint64_t> counts = counts_to_run(cuda ? "CUDA MUonE passes" : "CPU MUonE passes", backend, all);
  for (const bool adjoint : {false, true})
    for (const std::uint64_t events : counts) {
      const std::string name = std::string(adjoint ? "BM_MuoneForwardAdjoint" : "BM_MuoneForward") +
                               (cuda ? "Cuda/" : "Cpu/") + muon_label(events);
      configure(benchmark::RegisterBenchmark(name.c_str(),
                                             [=](benchmark::State& state) { run_pass(state, backend, events, adjoint); }),
                backend, events);
    }
}

}  // namespace
}  // namespace detgrad::bench

int main(int argc, char** argv) { return detgrad::bench::run_benchmarks(argc, argv, detgrad::bench::register_backend); }
