// The calorimeter's showers on the CUDA executor against the CPU pass (float both): the
// same per-particle code and random numbers. A shower's particles follow the same path until
// the first float rounding that differs between the two compilers (fused multiply-adds),
// after which the shower differs, so the comparison is statistical: mean visible energy
// within 4 standard errors, sigma/E within 15 %; every GPU shower balances its energy to
// 1e-4 (float); two GPU runs are bitwise identical. Muons (no secondaries: a float
// rounding moves a muon's deposits by rounding only) are the same events on both: 99 % of
// the muons' per-layer and per-cell deposits agree within float tolerance. evaluate_calorimeter on CUDA (the
// path of `simulate` and `evaluate --backend cuda`) matches its CPU figures statistically.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calo_config_file.hpp"
#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/shower_pass.hpp"
#include "support/gpu.hpp"

namespace detgrad::calorimeter {
namespace {

struct Stats {
  double mean, rms;
};

Stats visible_stats(const ShowerSetup& setup, const ShowerTallies& t) {
  double s1 = 0, s2 = 0;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    const double v = t.visible(setup, i);
    s1 += v;
    s2 += v * v;
  }
  const double mean = s1 / t.showers;
  return {mean, std::sqrt(s2 / t.showers - mean * mean)};
}

TEST(CaloGpu, ShowersMatchTheCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  StackSpec spec;
  spec.slabs = repeat({{"lead", 2e-3, false}, {"polystyrene", 4e-3, true}}, 66);
  spec.half_width_m = 0.06;
  const ShowerSetup setup(spec, EmCuts{});
  const BeamSource<double> beam{ParticleType::electron, 2.0, 0.0, 0.001};
  ShowerRunOptions o;
  o.showers = 2000;
  o.precision = ShowerPrecision::single_precision;
  const ShowerTallies cpu = run_showers_cpu(setup, beam, o);
  const ShowerTallies gpu = run_showers_cuda(setup, beam, o);
  const ShowerTallies gpu2 = run_showers_cuda(setup, beam, o);
  const Stats c = visible_stats(setup, cpu), g = visible_stats(setup, gpu);
  std::printf("visible: cpu %.5f +- %.5f GeV (rms %.5f), gpu %.5f (rms %.5f); steps cpu %llu gpu %llu\n", c.mean,
              c.rms / std::sqrt(double(o.showers)), c.rms, g.mean, g.rms, (unsigned long long)cpu.steps,
              (unsigned long long)gpu.steps);
  EXPECT_NEAR(g.mean, c.mean, 4.0 * std::sqrt(2.0) * c.rms / std::sqrt(double(o.showers)));
  EXPECT_NEAR(g.rms / g.mean, c.rms / c.mean, 0.15 * c.rms / c.mean);
  double worst = 0;
  for (std::uint64_t i = 0; i < o.showers; ++i)
    worst = std::fmax(worst, std::fabs(gpu.continuous[i] + gpu.below_cut[i] + gpu.escaped[i] - 2.0) / 2.0);
  std::printf("gpu: worst energy imbalance %.3e\n", worst);
  EXPECT_LT(worst, 1e-4);
  EXPECT_EQ(gpu.slab_deposit, gpu2.slab_deposit);
  EXPECT_EQ(gpu.steps, gpu2.steps);
}

TEST(CaloGpu, MuonsAreTheSameEventsAsOnTheCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  StackSpec spec;
  spec.slabs = repeat({{"lead", 2e-3, false}, {"polystyrene", 4e-3, true}}, 66);
  spec.half_width_m = 0.06;
  const ShowerSetup setup(spec, EmCuts{});
  const BeamSource<double> beam{ParticleType::muon, 2.0, 0.0, 0.001};
  ShowerRunOptions o;
  o.showers = 1000;
  o.precision = ShowerPrecision::single_precision;
  o.cell_size_m = 0.002;  // 2 mm cells (60 x 60): a 1 mm spot spreads the muons over several
  const ShowerTallies cpu = run_showers_cpu(setup, beam, o);
  const ShowerTallies gpu = run_showers_cuda(setup, beam, o);
  ASSERT_EQ(gpu.slab_deposit.size(), cpu.slab_deposit.size());
  ASSERT_EQ(gpu.cells, cpu.cells);
  ASSERT_EQ(gpu.cell_deposit.size(), cpu.cell_deposit.size());
  std::uint64_t same = 0;
  double worst_same = 0.0;
  for (std::uint64_t i = 0; i < o.showers; ++i) {
    // Relative difference of the per-layer deposits: sum |gpu - cpu| / sum cpu.
    double diff = 0.0, total = 0.0;
    for (int s = 0; s < cpu.slabs; ++s) {
      diff += std::fabs(gpu.slab(i, s) - cpu.slab(i, s));
      total += cpu.slab(i, s);
    }
    // The cells of the same muon: its visible energy in the same cells.
    for (int c = 0; c < cpu.cells; ++c)
      diff += std::fabs(gpu.cell_deposit[i * cpu.cells + c] - cpu.cell_deposit[i * cpu.cells + c]);
    const double r = diff / total;
    if (r < 1e-4) {
      ++same;
      worst_same = std::fmax(worst_same, r);
    }
  }
  std::printf("muons: %llu of %llu with per-layer and per-cell deposits within 1e-4 (worst of those %.2e); steps cpu %llu gpu %llu\n",
              (unsigned long long)same, (unsigned long long)o.showers, worst_same, (unsigned long long)cpu.steps,
              (unsigned long long)gpu.steps);
  EXPECT_GE(same, o.showers * 99 / 100);
}

TEST(CaloGpu, EvaluationOnCudaMatchesTheCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  nlohmann::json j = {{"task", "calorimeter"},
                      {"calorimeter",
                       {{"layers", test::lead_scintillator_layers()},
                        {"source", {{"energies_GeV", {0.5, 2.0}}, {"spot_m", 0.01}}},
                        {"cell_size_m", 0.02}}}};
  const CaloStudyConfig study = read_calo_study(j);
  const ShowerSetup setup(stack_spec(study), em_cuts(study), 1e-3 * study.cuts.range_rejection_MeV);
  std::vector<ShowerTallies> rows;
  const CaloEvaluation cpu = evaluate_calorimeter(study, setup, 1000);
  const CaloEvaluation gpu = evaluate_calorimeter(study, setup, 1000, &rows, Backend::cuda);
  ASSERT_EQ(gpu.points.size(), 2u);
  ASSERT_EQ(rows.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    const EnergyPoint &c = cpu.points[k], &g = gpu.points[k];
    std::printf("%.1f GeV: visible cpu %.5f gpu %.5f GeV, sigma/E cpu %.4f gpu %.4f\n", c.energy_GeV, c.mean_visible_GeV,
                g.mean_visible_GeV, c.resolution, g.resolution);
    EXPECT_NEAR(g.mean_visible_GeV, c.mean_visible_GeV, 4.0 * std::sqrt(2.0) * c.rms_visible_GeV / std::sqrt(1000.0));
    EXPECT_NEAR(g.resolution, c.resolution, 4.0 * std::sqrt(2.0) * c.resolution_error);
    EXPECT_EQ(rows[k].showers, 1000u);
    ASSERT_TRUE(g.has_cells);
    std::printf("  cells: position resolution cpu %.3f gpu %.3f mm, 3x3 cpu %.3f gpu %.3f\n",
                1e3 * c.cells.position_resolution_m, 1e3 * g.cells.position_resolution_m, c.cells.cluster_fraction,
                g.cells.cluster_fraction);
    EXPECT_NEAR(g.cells.position_resolution_m, c.cells.position_resolution_m, 0.2 * c.cells.position_resolution_m);
    EXPECT_NEAR(g.cells.cluster_fraction, c.cells.cluster_fraction, 0.05);
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
