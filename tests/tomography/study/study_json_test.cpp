// Valid studies: parsed values, derived defaults, and the to_json round trip.
#include "detgrad/tomography/study_json.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace detgrad {
namespace {

using nlohmann::json;

json full_cosmic_study() {
  return json::parse(R"({
    "name": "ladle", "seed": 42, "muons": 2e6, "backend": "cpu", "world": "vacuum",
    "materials": [{"name": "my_slag", "density_g_cm3": 2.8, "radiation_length_g_cm2": 25.0,
                   "z_over_a": 0.49, "mean_excitation_energy_eV": 160.0}],
    "source": {"type": "cosmic", "model": "shukla2016", "momentum_range_GeV": [1, 500],
               "zenith_max_deg": 60, "charge_ratio": 1.25,
               "plane": {"z_m": 2.0, "x_range_m": [-1, 2], "y_range_m": [-0.5, 1.5]}},
    "volume": {"origin_m": [0, 0, 0.2], "voxel_size_m": [0.1, 0.2, 0.05], "voxels": [10, 5, 12],
               "fill": "air", "boxes": [{"material": "my_slag", "min_m": [0.1, 0.1, 0.3], "max_m": [0.5, 0.9, 0.6]},
                                        {"material": "lead", "min_m": [0, 0, 0], "max_m": [1, 1, 0.25]}]},
    "planes": [{"name": "top0", "z_m": 1.2}, {"name": "top1", "z_m": 1.0},
               {"name": "bottom0", "z_m": 0.1}, {"name": "bottom1", "z_m": -0.1}],
    "transport": {"max_step_m": 0.02, "multiple_scattering": false, "energy_loss": true, "min_kinetic_GeV": 0.01},
    "output": {"save_muons": 5000}
  })");
}

TEST(StudyJson, FullCosmicStudyParsesToTheGivenValues) {
  const TomographyStudyConfig s = parse_study(full_cosmic_study());
  EXPECT_EQ(s.name, "ladle");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.muons, 2000000u);
  EXPECT_EQ(s.backend, Backend::cpu);
  EXPECT_EQ(s.world, "vacuum");
  ASSERT_EQ(s.materials.size(), 1u);
  EXPECT_EQ(s.materials[0].name, "my_slag");
  EXPECT_DOUBLE_EQ(s.materials[0].density_g_cm3, 2.8);
  EXPECT_DOUBLE_EQ(s.materials[0].radiation_length_g_cm2, 25.0);
  EXPECT_DOUBLE_EQ(s.materials[0].z_over_a.value(), 0.49);
  EXPECT_DOUBLE_EQ(s.materials[0].mean_excitation_energy_eV.value(), 160.0);
  EXPECT_EQ(s.source.kind, SourceKind::cosmic);
  EXPECT_EQ(s.source.cosmic.model, CosmicModel::shukla2016);
  EXPECT_EQ(s.source.cosmic.momentum_range_GeV, (std::array<double, 2>{1, 500}));
  EXPECT_DOUBLE_EQ(s.source.cosmic.zenith_max_deg, 60);
  EXPECT_DOUBLE_EQ(s.source.cosmic.charge_ratio, 1.25);
  EXPECT_DOUBLE_EQ(s.source.plane.z_m, 2.0);
  EXPECT_TRUE(s.source.plane.z_given);
  EXPECT_EQ(s.source.plane.x_range_m, (std::array<double, 2>{-1, 2}));
  EXPECT_EQ(s.source.plane.y_range_m, (std::array<double, 2>{-0.5, 1.5}));
  EXPECT_EQ(s.volume.origin_m, (std::array<double, 3>{0, 0, 0.2}));
  EXPECT_EQ(s.volume.voxel_size_m, (std::array<double, 3>{0.1, 0.2, 0.05}));
  EXPECT_EQ(s.volume.voxels, (std::array<int, 3>{10, 5, 12}));
  EXPECT_EQ(s.volume.fill, "air");
  ASSERT_EQ(s.volume.boxes.size(), 2u);
  EXPECT_EQ(s.volume.boxes[0].material, "my_slag");
  EXPECT_EQ(s.volume.boxes[1].max_m, (std::array<double, 3>{1, 1, 0.25}));
  ASSERT_EQ(s.planes.size(), 4u);
  EXPECT_EQ(s.planes[2].name, "bottom0");
  EXPECT_DOUBLE_EQ(s.planes[3].z_m, -0.1);
  EXPECT_DOUBLE_EQ(s.transport.max_step_m, 0.02);
  EXPECT_FALSE(s.transport.multiple_scattering);
  EXPECT_TRUE(s.transport.energy_loss);
  EXPECT_DOUBLE_EQ(s.transport.min_kinetic_GeV, 0.01);
  EXPECT_EQ(s.output.save_muons.value(), 5000u);
}

TEST(StudyJson, BeamStudyParsesAndNormalisesTheDirection) {
  const TomographyStudyConfig s = parse_study(json::parse(R"({
    "source": {"type": "beam", "momentum_GeV": 10, "momentum_sigma_GeV": 0.5, "direction": [3, 0, -4],
               "divergence_rad": 0.001, "spot_centre_m": [0.4, 0.6], "spot_sigma_m": 0.01, "charge": -1}})"));
  EXPECT_EQ(s.source.kind, SourceKind::beam);
  EXPECT_DOUBLE_EQ(s.source.beam.momentum_GeV, 10);
  EXPECT_DOUBLE_EQ(s.source.beam.momentum_sigma_GeV, 0.5);
  EXPECT_NEAR(s.source.beam.direction[0], 0.6, 1e-15);
  EXPECT_EQ(s.source.beam.direction[1], 0.0);
  EXPECT_NEAR(s.source.beam.direction[2], -0.8, 1e-15);
  EXPECT_DOUBLE_EQ(s.source.beam.divergence_rad, 0.001);
  EXPECT_EQ(s.source.beam.spot_centre_m, (std::array<double, 2>{0.4, 0.6}));
  EXPECT_DOUBLE_EQ(s.source.beam.spot_sigma_m, 0.01);
  EXPECT_EQ(s.source.beam.charge, -1);
}

TEST(StudyJson, EmptyStudyGetsEveryDefault) {
  const TomographyStudyConfig s = parse_study(json::object());
  const TomographyStudyConfig d;
  EXPECT_EQ(s.name, d.name);
  EXPECT_EQ(s.seed, d.seed);
  EXPECT_EQ(s.muons, d.muons);
  EXPECT_EQ(s.backend, Backend::automatic);
  EXPECT_EQ(s.world, "air");
  EXPECT_EQ(s.volume.voxels, d.volume.voxels);
  // Generation plane: the volume's top (0.2 + 6 x 0.1) and footprint (10 x 0.1 from 0).
  EXPECT_DOUBLE_EQ(s.source.plane.z_m, 0.8);
  EXPECT_DOUBLE_EQ(s.source.plane.x_range_m[0], 0.0);
  EXPECT_DOUBLE_EQ(s.source.plane.x_range_m[1], 1.0);
  EXPECT_DOUBLE_EQ(s.source.plane.y_range_m[1], 1.0);
  EXPECT_EQ(s.output.save_muons.value(), d.muons);  // all of them: muons <= 1e6
}

TEST(StudyJson, GenerationPlaneDefaultsToTheHighestPlaneAboveTheVolume) {
  const TomographyStudyConfig s = parse_study(json::parse(R"({"planes": [{"name": "a", "z_m": 1.5}, {"name": "b", "z_m": 0.9},
                                                               {"name": "c", "z_m": 0.0}]})"));
  EXPECT_DOUBLE_EQ(s.source.plane.z_m, 1.5);
  const TomographyStudyConfig below = parse_study(json::parse(R"({"planes": [{"name": "a", "z_m": -1}]})"));
  EXPECT_DOUBLE_EQ(below.source.plane.z_m, 0.8);
}

TEST(StudyJson, SaveMuonsDefaultsToASampleAboveAMillion) {
  EXPECT_EQ(parse_study(json{{"muons", 1000000}}).output.save_muons.value(), 1000000u);
  EXPECT_EQ(parse_study(json{{"muons", 1000001}}).output.save_muons.value(), 100000u);
  EXPECT_EQ(parse_study(json{{"muons", 1e9}}).muons, 1000000000u);  // 1e9 written as a float is an integer
}

TEST(StudyJson, VoxelMaterialsAndCustomMaterials) {
  json study = {{"materials", {{{"name", "foam"}, {"density_g_cm3", 0.05}, {"radiation_length_g_cm2", 40}}}},
                {"volume", {{"voxels", {2, 1, 2}}, {"voxel_materials", {"foam", "lead", "air", "foam"}}}}};
  const TomographyStudyConfig s = parse_study(study);
  EXPECT_EQ(s.volume.voxel_materials, (std::vector<std::string>{"foam", "lead", "air", "foam"}));
  EXPECT_FALSE(s.materials[0].z_over_a.has_value());
}

TEST(StudyJson, ResolveDefaultsIsIdempotent) {
  TomographyStudyConfig s;
  s.source.kind = SourceKind::beam;
  s.source.beam.direction = {0.1, 0.2, -0.9};
  resolve_defaults(s);
  const TomographyStudyConfig once = s;
  resolve_defaults(s);
  EXPECT_EQ(s.source.beam.direction, once.source.beam.direction);
  EXPECT_EQ(s.source.plane.z_m, once.source.plane.z_m);
  EXPECT_EQ(s.output.save_muons, once.output.save_muons);
}

TEST(StudyJson, ToJsonRoundTrips) {
  for (const json& input : {full_cosmic_study(), json::object(),
                            json::parse(R"({"source": {"type": "beam", "direction": [0.1, -0.3, -0.9]},
                                            "volume": {"voxels": [1, 2, 1], "voxel_materials": ["lead", "iron"]}})")}) {
    const TomographyStudyConfig s = parse_study(input);
    const json resolved = to_json(s);
    EXPECT_EQ(to_json(parse_study(resolved)), resolved);
    // Through text too: the numbers must read back exactly.
    const TomographyStudyConfig again = parse_study(json::parse(resolved.dump(2)));
    EXPECT_EQ(to_json(again), resolved);
    EXPECT_EQ(again.source.beam.direction, s.source.beam.direction);
    EXPECT_EQ(again.source.plane.z_m, s.source.plane.z_m);
    EXPECT_EQ(again.output.save_muons, s.output.save_muons);
  }
}

TEST(StudyJson, ToJsonWritesEveryDefault) {
  const json resolved = to_json(TomographyStudyConfig{});
  for (const char* key : {"name", "seed", "muons", "backend", "world", "materials", "source", "volume", "planes",
                          "transport", "output"}) {
    EXPECT_TRUE(resolved.contains(key)) << key;
  }
  EXPECT_EQ(resolved["backend"], "auto");
  EXPECT_EQ(resolved["source"]["model"], "guan2015");
  EXPECT_DOUBLE_EQ(resolved["source"]["plane"]["z_m"].get<double>(), 0.8);
  EXPECT_EQ(resolved["output"]["save_muons"], 100000);
  EXPECT_EQ(resolved["transport"]["multiple_scattering"], true);
}

TEST(StudyJson, LoadsAFileWithComments) {
  const std::string path = ::testing::TempDir() + "detgrad_study_json_test.json";
  {
    std::ofstream out(path);
    out << "// a small study\n{\n  \"name\": \"from_file\", /* inline */ \"muons\": 10\n}\n";
  }
  const TomographyStudyConfig s = load_study_file(path);
  std::remove(path.c_str());
  EXPECT_EQ(s.name, "from_file");
  EXPECT_EQ(s.muons, 10u);
}

}  // namespace
}  // namespace detgrad
