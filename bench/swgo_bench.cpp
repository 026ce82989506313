// SWGO task throughput on the CPU executor (OpenMP, all threads) and the CUDA executor:
//   BM_SwgoFisherForward{Cpu,Cuda}/<layout>/<showers>         optimisation mode, pass 1 (expected
//       counts and Fisher information of every gamma shower, trigger);
//   BM_SwgoFisherForwardAdjoint{Cpu,Cuda}/<layout>/<showers>  pass 1, host utility, pass 2 (the
//       gradient with respect to every unit's x and y): one optimisation step;
//   BM_SwgoFitted{Errors,All}Cpu/<layout>/<showers>           optimisation mode with fitted
//       errors, one step (both passes): Errors with U_IR + U_PR (the gamma showers' fits),
//       All with U_GF too (every shower fitted under both hypotheses);
//   BM_SwgoEvaluationCpu/<layout>/<showers>                   evaluation mode: Poisson counts,
//       hard trigger, both hypotheses' fits (seeds and Levenberg-Marquardt);
//   BM_SwgoParticles{Cpu,Cuda}/<layout>/<showers>             particle-level mode: every ground
//       particle of a shower drawn and looked up in the tank grid, counted per tank.
// Layouts: packed126 (126 macro-units packed at 22.1 m, the paper's first start) and A1 (the
// 6589-tank reference layout). items_per_second = showers x units (particles for the particle
// level); wall-clock time. Each iteration draws fresh showers (the step advances). Without a
// CUDA device the CUDA benchmarks are not registered and one "skipped: no CUDA device" line
// says so.
#include <benchmark/benchmark.h>

#include <atomic>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/cuda_fisher.hpp"
#include "swgo/cuda_particles.hpp"
#include "swgo/evaluation.hpp"
#include "swgo/fisher_passes.hpp"
#include "swgo/fitted_passes.hpp"
#include "swgo/layout_file.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/ldf_file.hpp"
#include "swgo/particle_pass.hpp"
#include "swgo/tank_grid.hpp"

namespace detgrad::bench {
namespace {

using namespace detgrad::swgo;

struct BenchArray {
  std::string name;
  Layout layout;
  double area;
  int tanks;
};

const LdfTables<double>& tables() {
  static const LdfTables<double> t = read_ldf_tables(std::string(DETGRAD_SOURCE_DIR) + "/data/swgo");
  return t;
}

const BenchArray& packed126() {
  static const BenchArray a = [] {
    LayoutGenerator g;
    g.shape = LayoutShape::packed_ball;
    g.units = 126;
    g.least_distance_m = kMacroUnitLeastDistance_m;
    return BenchArray{"packed126", generate_layout(g), kMacroUnitArea_m2, kTanksPerMacroUnit};
  }();
  return a;
}

const BenchArray& a1() {
  static const BenchArray a{"A1", read_layout_file(std::string(DETGRAD_SOURCE_DIR) + "/data/swgo/layouts/A1.txt"),
                            kTankArea_m2, 1};
  return a;
}

FisherSetup<double> fisher_setup(const BenchArray& a) {
  FisherSetup<double> s;
  s.tables = tables();
  s.source = make_shower_source(7, a.layout.x, a.layout.y);
  s.array = {a.layout.x.data(), a.layout.y.data(), int(a.layout.size()), a.area, a.tanks};
  return s;
}

void BM_Fisher(benchmark::State& state, const BenchArray* a, Backend backend, std::uint64_t showers, bool adjoint) {
  const FisherSetup<double> s = fisher_setup(*a);
  const UtilityCoefficients c;
  std::uint32_t step = 0;
  const auto pass = [&](std::uint64_t n) {
    return backend == Backend::cuda ? fisher_utility_cuda(s, step, 0, n, c, adjoint) : fisher_utility(s, step, 0, n, c, adjoint);
  };
  benchmark::DoNotOptimize(pass(std::min<std::uint64_t>(showers, 256)));  // warm-up
  for (auto _ : state) {
    benchmark::DoNotOptimize(pass(showers));
    ++step;
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(showers) * std::int64_t(a->layout.size()));
  state.counters["showers_per_s"] =
      benchmark::Counter(double(showers) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Fitted(benchmark::State& state, const BenchArray* a, std::uint64_t showers, bool gamma_fraction) {
  FitSetup<double> s;
  s.model = fisher_setup(*a);
  s.data_x = a->layout.x.data();
  s.data_y = a->layout.y.data();
  UtilityCoefficients c;
  c.gamma_fraction = gamma_fraction ? 1.0 : 0.0;
  std::uint32_t step = 0;
  for (auto _ : state) benchmark::DoNotOptimize(fitted_utility(s, step++, 0, showers, c, true));
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(showers) * std::int64_t(a->layout.size()));
  state.counters["showers_per_s"] =
      benchmark::Counter(double(showers) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Evaluation(benchmark::State& state, const BenchArray* a, std::uint64_t showers) {
  BatchSetup b;
  b.tables = tables();
  b.source = make_shower_source(7, a->layout.x, a->layout.y);
  b.array = {a->layout.x.data(), a->layout.y.data(), int(a->layout.size()), a->area, a->tanks};
  std::uint32_t step = 0;
  for (auto _ : state) benchmark::DoNotOptimize(run_showers(b, step++, 0, showers));
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(showers) * std::int64_t(a->layout.size()));
  state.counters["showers_per_s"] =
      benchmark::Counter(double(showers) * double(state.iterations()), benchmark::Counter::kIsRate);
}

// Particle level: 1 PeV gamma showers (some 2.4e6 ground particles each), zenith up to
// 65 deg, cores within 20 m of a tank (the source's R_slack), so that the CPU and CUDA figures
// are of the same showers, most particles land among the tanks, and every warp of the CUDA
// pass has about as much to do. items_per_second = particles drawn (both species) per second.
void BM_Particles(benchmark::State& state, const BenchArray* a, Backend backend, std::uint64_t showers) {
  TankGridStorage grid;
  build_tank_grid(a->layout, kTankRadius_m, grid);
  ParticleSetup<double, ShowerSource<double>> setup;
  setup.tables = tables();
  setup.showers = make_shower_source(7, a->layout.x, a->layout.y, 20.0);
  setup.showers.gamma_fraction = 1.0;
  setup.showers.energy_min_PeV = setup.showers.energy_max_PeV = 1.0;
  setup.tanks = grid.grid;
  setup.seed = 7;
  std::uint32_t step = 0;
  const auto pass = [&](std::uint64_t n) {
    return backend == Backend::cuda ? count_particles_cuda(setup, step, 0, n) : count_particles(setup, step, 0, n);
  };
  if (backend == Backend::cuda) benchmark::DoNotOptimize(pass(32));  // warm-up
  std::uint64_t particles = 0, in_tanks = 0;
  for (auto _ : state) {
    const ParticleCounts c = pass(showers);
    particles += c.totals.drawn[0] + c.totals.drawn[1];
    in_tanks += c.totals.in_tanks[0] + c.totals.in_tanks[1];
    ++step;
  }
  state.SetItemsProcessed(std::int64_t(particles));
  state.counters["particles_in_tanks"] = double(in_tanks) / double(state.iterations());
  state.counters["showers_per_s"] =
      benchmark::Counter(double(showers) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void register_backend(Backend backend) {
  const std::string suffix = backend == Backend::cuda ? "Cuda" : "Cpu";
  struct Case {
    const BenchArray* array;
    std::uint64_t showers;
  };
  const std::vector<Case> cases = backend == Backend::cuda
                                      ? std::vector<Case>{{&packed126(), 100000}, {&a1(), 1000000}}
                                      : std::vector<Case>{{&packed126(), 2000}, {&a1(), 200}};
  // Particle level on A1: 4 showers (9e6 particles) on the CPU; on CUDA 4096 (a warp each:
  // 131072 threads, some 1e10 particles).
  const std::uint64_t particle_showers = backend == Backend::cuda ? 4096 : 4;
  const std::string particles_name = "BM_SwgoParticles" + suffix + "/A1/" + std::to_string(particle_showers);
  benchmark::RegisterBenchmark(particles_name.c_str(), BM_Particles, &a1(), backend, particle_showers)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(1);
  for (const Case& c : cases) {
    for (bool adjoint : {false, true}) {
      const std::string name = std::string("BM_SwgoFisher") + (adjoint ? "ForwardAdjoint" : "Forward") + suffix + "/" +
                               c.array->name + "/" + std::to_string(c.showers);
      benchmark::RegisterBenchmark(name.c_str(), BM_Fisher, c.array, backend, c.showers, adjoint)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  if (backend != Backend::cpu) return;
  benchmark::RegisterBenchmark("BM_SwgoEvaluationCpu/packed126/100", BM_Evaluation, &packed126(), std::uint64_t(100))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  for (bool gamma_fraction : {false, true})
    benchmark::RegisterBenchmark(gamma_fraction ? "BM_SwgoFittedAllCpu/packed126/500" : "BM_SwgoFittedErrorsCpu/packed126/500",
                                 BM_Fitted, &packed126(), std::uint64_t(500), gamma_fraction)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
}

}  // namespace
}  // namespace detgrad::bench

int main(int argc, char** argv) { return detgrad::bench::run_benchmarks(argc, argv, detgrad::bench::register_backend); }
