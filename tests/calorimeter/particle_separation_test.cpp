// Photon/electron separation from the longitudinal profile (particle_separation.hpp): at
// 2 GeV in 20 x [4 mm lead, 4 mm scintillator] (14.5 X0) the photons' showers lie deeper
// than the electrons' by about the PDG's difference of the t_max constants (C = +0.5 for
// photons, -0.5 for electrons: 1.0 X0; asserted within 0.5 X0), the depth of a slab's
// middle in X0 is right, and the cut at 90 % photon efficiency keeps fewer electrons than
// photons (a separation better than none, which would keep 90 %).
#include <gtest/gtest.h>

#include <cstdio>

#include "calo_config_file.hpp"
#include "calorimeter/calo_media.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/particle_separation.hpp"

namespace detgrad::calorimeter {
namespace {

CaloStudyConfig lead_study() {
  const nlohmann::json j = {
      {"task", "calorimeter"},
      {"calorimeter",
       {{"layers", test::lead_scintillator_layers()},
        {"source", {{"energies_GeV", {2.0}}}}}}};
  return read_calo_study(j);
}

TEST(PhotonElectronSeparation, SlabDepthsInRadiationLengths) {
  const CaloStudyConfig s = lead_study();
  const ShowerSetup setup(stack_spec(s), em_cuts(s));
  const std::vector<double> d = slab_depths_X0(setup);
  const double lead = 0.004 / find_calo_medium("lead")->material->radiation_length_m();
  const double scint = 0.004 / find_calo_medium("polystyrene")->material->radiation_length_m();
  ASSERT_EQ(d.size(), 40u);
  EXPECT_NEAR(d[0], 0.5 * lead, 1e-12);
  EXPECT_NEAR(d[1], lead + 0.5 * scint, 1e-12);
  EXPECT_NEAR(d[39], 20 * lead + 19.5 * scint, 1e-9);
}

TEST(PhotonElectronSeparation, PhotonsShowerDeeper) {
  const CaloStudyConfig s = lead_study();
  const ShowerSetup setup(stack_spec(s), em_cuts(s), 1e-3 * s.cuts.range_rejection_MeV);
  const SeparationPoint p = photon_electron_separation(s, setup, 2.0, 1000, 0, Backend::cpu);
  std::printf("2 GeV: depth e %.3f +- %.3f (rms %.3f) X0, gamma %.3f (rms %.3f) X0; separation %.3f; "
              "electrons kept at 90 %% photon efficiency %.3f +- %.3f (cut %.3f X0)\n",
              p.electron_depth_X0, p.electron_rms_X0 / std::sqrt(1000.0), p.electron_rms_X0, p.photon_depth_X0,
              p.photon_rms_X0, p.separation, p.misidentification, p.misidentification_error, p.photon_cut_X0);
  EXPECT_NEAR(p.photon_depth_X0 - p.electron_depth_X0, 1.0, 0.5);
  EXPECT_GT(p.separation, 0.0);
  EXPECT_LT(p.misidentification, 0.9 - 4.0 * p.misidentification_error);
  EXPECT_GT(p.misidentification, 0.0);
}

}  // namespace
}  // namespace detgrad::calorimeter
