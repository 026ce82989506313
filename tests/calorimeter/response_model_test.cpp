// The response model of the default study against the particle level (other seed): every
// absorber and every active slab scaled. Layouts within the calibration's range (passive
// x0.7-1.4, active x0.6-1) are asserted within 15 % at every energy; the aim, 5 %, is not
// met (docs/calorimeter.md has the measured table). Layouts outside it (extrapolations) are
// printed for the table, not asserted.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/response_model.hpp"

namespace detgrad::calorimeter {
namespace {

CaloStudyConfig default_study() {
  const char* root = std::getenv("DETGRAD_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(root ? root : ".") / "configs/calorimeter/default.json");
  return read_calo_study(nlohmann::json::parse(in));
}

TEST(ResponseModel, PredictsTheParticleLevelOfOtherLayouts) {
  const CaloStudyConfig study = default_study();
  const std::uint64_t showers = 400;
  const ResponseModel model(study, showers);
  std::printf("kappa %.4g, mu %.4g, eta %.3f, gamma %.2f, nu %.3f; calibration chi2 %.1f for %zu points\n",
              model.kappa(), model.mu(), model.eta(), model.gamma(), model.nu(), model.calibration_chi2(),
              model.calibration_points());
  const double layouts[5][2] = {{1.0, 1.0}, {1.2, 0.8}, {0.85, 0.75}, {0.5, 1.0}, {1.5, 0.5}};
  for (const auto& layout : layouts) {
    const double absorber = layout[0], active = layout[1];
    const bool inside = absorber >= 0.7 && absorber <= 1.4 && active >= 0.6;
    {
      CaloStudyConfig s = study;
      for (SlabConfig& slab : s.layers[0].slabs) slab.thickness_m *= slab.active ? active : absorber;
      std::vector<double> x = model.initial();
      for (std::size_t l = 0; l < x.size(); ++l) x[l] *= (l % 2 == 1) ? active : absorber;
      const std::vector<double> predicted = model.resolutions(x);
      const ShowerSetup setup(stack_spec(s), em_cuts(s), 1e-3 * s.cuts.range_rejection_MeV);
      CaloStudyConfig other_seed = s;
      other_seed.common.seed = 99;
      const CaloEvaluation pl = evaluate_calorimeter(other_seed, setup, showers);
      for (std::size_t k = 0; k < predicted.size(); ++k) {
        const double rel = predicted[k] / pl.points[k].resolution - 1.0;
        std::printf("absorber x%.2f active x%.2f%s, %.1f GeV: model %.4f, particle level %.4f +- %.4f (%+.1f %%)\n",
                    absorber, active, inside ? "" : " (extrapolated)", pl.points[k].energy_GeV, predicted[k],
                    pl.points[k].resolution, pl.points[k].resolution_error, 100 * rel);
        if (inside) {
          EXPECT_LT(std::fabs(rel), 0.15);
        }
      }
    }
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
