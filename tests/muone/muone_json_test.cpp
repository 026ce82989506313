// The study's "muone" section: the reference station reads back as written, and every bad
// input the issue names gets a StudyError with its JSON path.
#include "muone/muone_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "detgrad/core/error.hpp"

namespace detgrad::muone {
namespace {

using Json = nlohmann::json;

Json reference_section() { return station_json(reference_station()); }

StationConfig read(const Json& section) {
  const StationConfig s = read_station(study_detail::JsonValue(section, "muone"));
  validate_station(s);
  return s;
}

// The StudyError's path and a fragment of its message.
void expect_error(const Json& section, const std::string& path, const std::string& fragment) {
  try {
    read(section);
    ADD_FAILURE() << "no error, expected one at " << path;
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(MuoneJson, ReferenceStationRoundTrip) {
  const StationConfig s = read(reference_section());
  ASSERT_EQ(s.modules.size(), 12u);
  EXPECT_EQ(count_upstream(s), 6);
  EXPECT_EQ(s.modules[8].view_deg, 45.0);
  EXPECT_EQ(s.modules[8].z_m, 0.553635);
  EXPECT_EQ(station_json(s), reference_section());
  const StationFixed f = build_fixed(s, 1);
  EXPECT_EQ(f.module[7].cos_view, 0.0f);  // a y view is exactly (0, 1)
  EXPECT_EQ(f.module[7].sin_view, 1.0f);
}

TEST(MuoneJson, ShortFormsAndDefaults) {
  Json j = reference_section();
  j.erase("beam");
  j.erase("electron_energy_GeV");
  for (Json& m : j["modules"]) {
    m.erase("sigma_m");
    m.erase("efficiency");
  }
  j["modules"][2]["view"] = "u";
  j["modules"][3]["view"] = "v";
  j["target"]["material"] = "graphite";
  const StationConfig s = read(j);
  EXPECT_EQ(s.modules[2].view_deg, 45.0);
  EXPECT_EQ(s.modules[3].view_deg, -45.0);
  EXPECT_EQ(s.modules[0].sigma_m, 26e-6);
  EXPECT_EQ(s.beam.momentum_sigma_GeV, 3.75);
  EXPECT_EQ(s.target.radiation_length_m, 0.1932);
  EXPECT_NEAR(s.electron_energy_max_GeV, 149.77, 0.01);
}

TEST(MuoneJson, BadInputNamesItsPath) {
  Json j = reference_section();
  j["modules"][7]["z_m"] = 0.005;  // inside the 1.5 cm target at the station's start
  expect_error(j, "muone.modules[7].z_m", "overlaps the target");

  j = reference_section();
  j["modules"][9]["z_m"] = 0.5545;  // 0.9 mm after module 8
  expect_error(j, "muone.modules[9].z_m", "overlaps muone.modules[8]");

  j = reference_section();
  j["modules"][11]["z_m"] = 1.2;
  expect_error(j, "muone.modules[11].z_m", "outside the station");

  j = reference_section();
  j["modules"][4]["sigma_m"] = 0.0;
  expect_error(j, "muone.modules[4].sigma_m", "expected a hit resolution in (0");

  j = reference_section();
  j["electron_energy_GeV"] = {1.0, 155.0};
  expect_error(j, "muone.electron_energy_GeV[1]", "above the kinematic limit");

  j = reference_section();
  j["electron_energy_GeV"] = {0.0002, 100.0};
  expect_error(j, "muone.electron_energy_GeV[0]", "below the kinematic limit");

  j = reference_section();
  j["modules"][2]["sigma"] = 2e-5;
  expect_error(j, "muone.modules[2].sigma", "did you mean sigma_m");

  j = reference_section();
  j["target"]["thicknes_m"] = 0.01;
  expect_error(j, "muone.target.thicknes_m", "did you mean thickness_m");

  j = reference_section();
  j["modules"][8]["z_m"] = 0.95;
  expect_error(j, "muone.modules[9].z_m", "increasing z");

  j = reference_section();
  j["modules"].erase(j["modules"].begin() + 10, j["modules"].end());
  j["modules"].erase(j["modules"].begin() + 6, j["modules"].begin() + 8);
  expect_error(j, "muone.modules", "after the target");

  j = reference_section();
  j["modules"][0]["efficiency"] = 1.5;
  expect_error(j, "muone.modules[0].efficiency", "(0, 1]");
}

}  // namespace
}  // namespace detgrad::muone
