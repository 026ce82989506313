// The calorimeter study's JSON: the configs read and round-trip; each bad input the issue
// names (zero or negative thickness, unknown material, energy outside the tables, cuts
// above the beam energy) is a StudyError naming its JSON path.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/calo_config_file.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {
namespace {

using Json = nlohmann::json;

Json config(const std::string& name) { return test::config_file(name); }

void expect_error(const Json& study, const std::string& path, const std::string& fragment) {
  try {
    read_calo_study(study);
    ADD_FAILURE() << "no error, expected one at " << path;
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(CaloStudyJson, ConfigsReadAndRoundTrip) {
  for (const char* name : {"default.json", "lhcb_ecal.json", "calice_siw.json", "lhcb_ecal_equal_budget.json",
                           "lhcb_ecal_layer_scan.json", "lhcb_ecal_71_layers.json"}) {
    const CaloStudyConfig s = read_calo_study(config(name));
    const Json out = calo_study_json(s);
    EXPECT_EQ(calo_study_json(read_calo_study(out)), out) << name;
  }
  const CaloStudyConfig lhcb = read_calo_study(config("lhcb_ecal.json"));
  const StackSpec spec = stack_spec(lhcb);
  ASSERT_EQ(spec.slabs.size(), 132u);
  EXPECT_EQ(spec.slabs[1].material, "polystyrene");
  EXPECT_TRUE(spec.slabs[1].active);
  EXPECT_FALSE(spec.slabs[0].active);
}

TEST(CaloStudyJson, SingleSlabsAndDefaults) {
  Json s = {{"task", "calorimeter"},
            {"calorimeter",
             {{"layers", Json::array({{{"material", "pbwo4"}, {"thickness_m", 0.23}, {"active", true}}})}}}};
  const CaloStudyConfig c = read_calo_study(s);
  EXPECT_EQ(c.layers.size(), 1u);
  EXPECT_EQ(c.source.particle, "electron");
  EXPECT_DOUBLE_EQ(c.cuts.electron_MeV, 0.1);
  EXPECT_DOUBLE_EQ(c.cuts.photon_MeV, 0.05);
}

TEST(CaloStudyJson, BadInputNamesItsPath) {
  const Json base = config("default.json");
  Json s = base;
  s["calorimeter"]["layers"][0]["slabs"][0]["thickness_m"] = 0.0;
  expect_error(s, "calorimeter.layers[0].slabs[0].thickness_m", "must be > 0");
  s = base;
  s["calorimeter"]["layers"][0]["slabs"][1]["thickness_m"] = -0.001;
  expect_error(s, "calorimeter.layers[0].slabs[1].thickness_m", "must be > 0");
  s = base;
  s["calorimeter"]["layers"][0]["slabs"][0]["material"] = "unobtainium";
  expect_error(s, "calorimeter.layers[0].slabs[0].material", "unknown calorimeter material");
  s = base;
  s["calorimeter"]["layers"][0]["slabs"][0]["material"] = "concrete";  // in the library, not a calorimeter medium
  expect_error(s, "calorimeter.layers[0].slabs[0].material", "unknown calorimeter material");
  s = base;
  s["calorimeter"]["source"]["energies_GeV"][1] = 2e5;
  expect_error(s, "calorimeter.source.energies_GeV[1]", "outside the tables");
  s = base;
  s["calorimeter"]["source"]["energies_GeV"][0] = -1.0;
  expect_error(s, "calorimeter.source.energies_GeV[0]", "outside the tables");
  s = base;
  s["calorimeter"]["cuts"]["electron_MeV"] = 600.0;  // above the 0.5 GeV beam
  expect_error(s, "calorimeter.cuts.electron_MeV", "at or above the beam energy");
  s = base;
  s["calorimeter"]["source"]["particle"] = "photon";
  s["calorimeter"]["cuts"]["photon_MeV"] = 500.0;  // at the 0.5 GeV beam
  expect_error(s, "calorimeter.cuts.photon_MeV", "at or above the beam energy");
  s = base;
  s["calorimeter"]["cuts"]["photon_MeV"] = 0.001;
  expect_error(s, "calorimeter.cuts.photon_MeV", "expected 0.01 to 1000 MeV");
  s = base;
  s["calorimeter"]["layers"][0]["repeat"] = 0;
  expect_error(s, "calorimeter.layers[0].repeat", "expected 1 to");
  s = base;
  s["calorimeter"]["layers"][0]["slabs"][1]["active"] = false;
  expect_error(s, "calorimeter.layers", "no slab is active");
  s = base;
  s["calorimeter"]["layers"][0]["slabs"][1]["weight"] = -1.0;
  expect_error(s, "calorimeter.layers[0].slabs[1].weight", "must be > 0");
  s = base;
  s["calorimeter"]["half_width_m"] = 0.0;
  expect_error(s, "calorimeter.half_width_m", "must be > 0");
  s = base;
  s["calorimeter"]["source"]["particle"] = "proton";
  expect_error(s, "calorimeter.source.particle", "proton");
  s = base;
  s["calorimeter"]["colour"] = "red";
  expect_error(s, "calorimeter.colour", "colour");
  s = base;
  s["showers"] = 1;
  expect_error(s, "showers", "expected 2");
  s = base;
  s["calorimeter"]["photon_electron_separation"] = "yes";
  expect_error(s, "calorimeter.photon_electron_separation", "");
  s = base;
  s["calorimeter"]["photon_electron_separation"] = true;
  s["calorimeter"]["source"]["particle"] = "photon";
  s["calorimeter"]["source"]["energies_GeV"] = {0.5, 0.00008};  // above the photon cut, below the electrons'
  expect_error(s, "calorimeter.photon_electron_separation", "at or below a cut");
  s = base;
  s["calorimeter"]["cell_size_m"] = -0.01;
  expect_error(s, "calorimeter.cell_size_m", "must be >= 0");
  s = base;
  s["calorimeter"]["cell_size_m"] = 1e-4;  // 1200 cells across 12 cm
  expect_error(s, "calorimeter.cell_size_m", "more than 100 cells");
  s = base;
  s["calorimeter"]["cell_sections"] = 2;  // without cells
  expect_error(s, "calorimeter.cell_sections", "need cells");
  s = base;
  s["calorimeter"]["cell_size_m"] = 0.02;
  s["calorimeter"]["cell_sections"] = 0;
  expect_error(s, "calorimeter.cell_sections", "expected 1 to the number of active layers");
  s["calorimeter"]["cell_sections"] = 100000;  // more than the active layers
  expect_error(s, "calorimeter.cell_sections", "expected 1 to the number of active layers");
  const Json spectrum = {{"shape", "power_law"}, {"min_GeV", 1.0}, {"max_GeV", 10.0}};
  s = base;
  s["calorimeter"]["source"]["spectrum"] = spectrum;  // beside energies_GeV
  expect_error(s, "calorimeter.source.spectrum", "not both");
  Json only = base;
  only["calorimeter"]["source"].erase("energies_GeV");
  s = only;
  s["calorimeter"]["source"]["spectrum"] = spectrum;
  s["calorimeter"]["source"]["spectrum"]["max_GeV"] = 1.0;
  expect_error(s, "calorimeter.source.spectrum.max_GeV", "above min_GeV");
  s = only;
  s["calorimeter"]["source"]["spectrum"] = spectrum;
  s["calorimeter"]["source"]["spectrum"]["shape"] = "gaussian";
  expect_error(s, "calorimeter.source.spectrum.shape", "gaussian");
  s = only;
  s["calorimeter"]["source"]["spectrum"] = spectrum;
  s["calorimeter"]["source"]["spectrum"]["bins"] = 0;
  expect_error(s, "calorimeter.source.spectrum.bins", "expected 1 to");
  s = only;
  s["calorimeter"]["source"]["spectrum"] = spectrum;
  s["calorimeter"]["source"]["spectrum"]["min_GeV"] = 1e-5;  // below the 100 keV electron cut
  expect_error(s, "calorimeter.cuts.electron_MeV", "spectrum's lower end");
  // A spectrum study round-trips, with its bins' centres as the energies.
  s = only;
  s["calorimeter"]["source"]["spectrum"] = spectrum;
  const CaloStudyConfig read = read_calo_study(s);
  EXPECT_EQ(read.source.energies_GeV.size(), 5u);
  EXPECT_EQ(calo_study_json(read_calo_study(calo_study_json(read))), calo_study_json(read));
}

}  // namespace
}  // namespace detgrad::calorimeter
