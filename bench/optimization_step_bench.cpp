// Throughput of whole optimisation steps, as `detgrad optimize` takes them: per iteration
// TomographyOptimization::evaluate (the step's setup and volumes, forward pass, host loss,
// adjoint pass), Optimizer::step (Adam with the task's default groups) and
// TomographyOptimization::project, so that host work outside the kernels is timed too:
//   BM_OptimizationStep{Cpu,Cuda}/hello_world/<muons>   <muons> per step on the study's volume;
//   BM_OptimizationStep{Cpu,Cuda}/ladle_furnace/40000   the study's own step: 40 generated
//       volumes of 1000 muons (a setup, forward and adjoint pass per volume).
// items_per_second = muons per second (each muon in the forward and the adjoint pass);
// time in milliseconds per step (wall clock); counters host_MiB, and for CUDA device_MiB
// and device_alloc_MiB (bench_support.hpp). Hello world runs 1e5 and 1e6 muons per step
// on the CPU (1e7 with DETGRAD_BENCH_MAX_MUONS=1e7), 1e6 to 1e8 on CUDA. Without a CUDA
// device the CUDA benchmarks are not registered and one "skipped: no CUDA device" line
// says so. One untimed step first warms up the threads or the CUDA context.
#include <benchmark/benchmark.h>

#include <exception>
#include <string>
#include <vector>

#include "bench_studies.hpp"
#include "bench_support.hpp"
#include "optimize/optimizer.hpp"
#include "tomography/tomography_optimization.hpp"

namespace detgrad::bench {
namespace {

void run_steps(benchmark::State& state, const std::string& study_name, Backend backend, std::uint64_t muons) {
  const TomographyStudyConfig study = load_bench_study(study_name);
  const tomography::TomographyOptimization task(study, backend);
  optimize::Optimizer optimizer(task.design().parameters, task.design().groups, optimize::OptimizerSettings{});
  std::vector<double> x = task.initial();
  std::uint32_t step = 0;
  MemoryPeaks peaks(backend);
  const auto take_step = [&] {
    const optimize::StepEvaluation e = task.evaluate(x, step++, muons);
    if (!optimizer.step(x, e.gradient, e.loss).rolled_back) task.project(x);
    peaks.sample();
  };
  try {
    take_step();
    for (auto _ : state) take_step();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  // With generated volumes the step's muons are the volumes' (TomographyOptimization::evaluate).
  const std::uint64_t per_step = study.volumes && study.volumes->muons_per_volume
                                     ? std::uint64_t(study.volumes->per_step) * study.volumes->muons_per_volume
                                     : muons;
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(per_step));
  peaks.report(state);
}

void register_one(Backend backend, const std::string& study, std::uint64_t muons) {
  const std::string name =
      std::string("BM_OptimizationStep") + (backend == Backend::cuda ? "Cuda/" : "Cpu/") + study + "/" + muon_label(muons);
  configure(benchmark::RegisterBenchmark(
                name.c_str(), [=](benchmark::State& state) { run_steps(state, study, backend, muons); }),
            backend, muons);
}

void register_backend(Backend backend) {
  const bool cuda = backend == Backend::cuda;
  const std::vector<std::uint64_t> all =
      cuda ? std::vector<std::uint64_t>{1000000, 10000000, 100000000} : std::vector<std::uint64_t>{100000, 1000000, 10000000};
  for (std::uint64_t muons : counts_to_run(cuda ? "CUDA optimisation steps" : "CPU optimisation steps", backend, all))
    register_one(backend, "hello_world", muons);
  register_one(backend, "ladle_furnace", 40000);
}

}  // namespace
}  // namespace detgrad::bench

int main(int argc, char** argv) { return detgrad::bench::run_benchmarks(argc, argv, detgrad::bench::register_backend); }
