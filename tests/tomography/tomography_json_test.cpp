// The study's "tomography" section: a full section parses to its values, defaults resolve
// from the volume, to_json round-trips, the transport takes the panels as its planes, and
// every kind of bad input is a StudyError naming the JSON path and what was expected.
#include "tomography/tomography_json.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "detgrad/core/error.hpp"
#include "detgrad/tomography/study_json.hpp"
#include "detgrad/tomography/transport_planes.hpp"
#include "tomography/support/config_study.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/transport/transport_model.hpp"

namespace detgrad::tomography {
namespace {

void expect_same_panel(const PanelConfig& a, const PanelConfig& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.z_m, b.z_m);
  EXPECT_EQ(a.centre_m, b.centre_m);
  EXPECT_EQ(a.span_m, b.span_m);
  EXPECT_EQ(a.sigma_m, b.sigma_m);
  EXPECT_EQ(a.efficiency, b.efficiency);
}

using nlohmann::json;

// The default volume spans z from 0.2 to 0.8 m and x, y from 0 to 1 m.
json full_study() {
  return json::parse(R"({
    "volume": {"origin_m": [-1, 0, 0.2], "voxel_size_m": [0.2, 0.1, 0.1], "voxels": [10, 10, 6]},
    "tomography": {
      "panels": [
        {"name": "b1", "z_m": 0.0, "centre_m": [0.1, 0.4], "span_m": [1.5, 0.8], "sigma_m": 2e-4,
         "efficiency": 0.95},
        {"name": "t0", "z_m": 1.2, "centre_m": [0.2, 0.6], "span_m": [2.0, 1.0], "sigma_m": 1e-3, "efficiency": 1},
        {"name": "t1", "z_m": 1.0},
        {"name": "b0", "z_m": 0.2, "span_m": [1.0, 1.2]}
      ],
      "edge_length_m": 0.02, "cost_per_m2": 2.5, "budget": 12, "budget_coefficient": 3,
      "budget_smoothness": 0.1, "loss": "fill_height", "momentum_resolution": 0.1,
      "reference_x0_m": 0.05, "dense_x0_threshold_m": 0.02, "height_region_z_m": [0.3, 0.7]
    }
  })");
}

// Two panels above and two below the default volume, nothing else given.
json small_study() {
  return json::parse(R"({"tomography": {"panels": [{"name": "a0", "z_m": 1.3}, {"name": "a1", "z_m": 0.9},
                                                   {"name": "b0", "z_m": 0.1}, {"name": "b1", "z_m": 0.0}]}})");
}

TEST(TomographyJson, FullSectionParsesToTheGivenValues) {
  const TomographyStudyConfig s = parse_study(full_study());
  ASSERT_TRUE(s.tomography.has_value());
  EXPECT_TRUE(s.planes.empty());
  const TomographyConfig& t = *s.tomography;
  ASSERT_EQ(t.panels.size(), 4u);
  const PanelConfig& b1 = t.panels[0];
  EXPECT_EQ(b1.name, "b1");
  EXPECT_EQ(b1.z_m, 0.0);
  EXPECT_EQ(b1.centre_m, (std::array<double, 2>{0.1, 0.4}));
  EXPECT_EQ(b1.span_m, (std::array<double, 2>{1.5, 0.8}));
  EXPECT_EQ(b1.sigma_m, 2e-4);
  EXPECT_EQ(b1.efficiency, 0.95);
  EXPECT_TRUE(b1.centre_given && b1.span_given);
  EXPECT_EQ(t.panels[1].name, "t0");
  EXPECT_EQ(t.panels[1].efficiency, 1.0);
  EXPECT_EQ(t.edge_length_m, 0.02);
  EXPECT_EQ(t.cost_per_m2, 2.5);
  EXPECT_EQ(t.budget, 12.0);
  EXPECT_EQ(t.budget_coefficient, 3.0);
  EXPECT_EQ(t.budget_smoothness, 0.1);
  EXPECT_EQ(t.loss, TomographyLoss::fill_height);
  EXPECT_EQ(t.momentum_resolution, 0.1);
  EXPECT_EQ(t.reference_x0_m, 0.05);
  EXPECT_EQ(t.dense_x0_threshold_m, 0.02);
  EXPECT_EQ(t.height_region_z_m, (std::array<double, 2>{0.3, 0.7}));
  // The generation plane defaults to the highest panel.
  EXPECT_EQ(s.source.plane.z_m, 1.2);
}

TEST(TomographyJson, DefaultsResolveFromTheVolumeFootprint) {
  const TomographyStudyConfig full = parse_study(full_study());
  // Footprint: x from -1 to 1, y from 0 to 1.
  const PanelConfig& t1 = full.tomography->panels[2];
  EXPECT_EQ(t1.centre_m, (std::array<double, 2>{0.0, 0.5}));
  EXPECT_EQ(t1.span_m, (std::array<double, 2>{2.0, 1.0}));
  EXPECT_TRUE(t1.centre_given && t1.span_given);
  EXPECT_EQ(t1.sigma_m, 1e-4);
  EXPECT_EQ(t1.efficiency, 0.9);
  const PanelConfig& b0 = full.tomography->panels[3];  // span given, centre not
  EXPECT_EQ(b0.centre_m, (std::array<double, 2>{0.0, 0.5}));
  EXPECT_EQ(b0.span_m, (std::array<double, 2>{1.0, 1.2}));

  const TomographyStudyConfig s = parse_study(small_study());
  const TomographyConfig& t = *s.tomography;
  const TomographyConfig defaults;
  for (const PanelConfig& p : t.panels) {
    EXPECT_EQ(p.centre_m, (std::array<double, 2>{0.5, 0.5})) << p.name;
    EXPECT_EQ(p.span_m, (std::array<double, 2>{1.0, 1.0})) << p.name;
  }
  EXPECT_EQ(t.edge_length_m, defaults.edge_length_m);
  EXPECT_EQ(t.cost_per_m2, defaults.cost_per_m2);
  EXPECT_EQ(t.budget, 0.0);
  EXPECT_EQ(t.loss, TomographyLoss::voxel_x0);
  EXPECT_EQ(t.height_region_z_m, (std::array<double, 2>{0.0, 0.0}));
  EXPECT_EQ(s.source.plane.z_m, 1.3);  // the highest panel, not the volume top
  EXPECT_EQ(s.source.plane.x_range_m, (std::array<double, 2>{0.0, 1.0}));
}

TEST(TomographyJson, ResolvingIsIdempotent) {
  TomographyStudyConfig s = test::hello_world_tomography(1000);
  for (PanelConfig& p : s.tomography->panels) p.centre_given = p.span_given = false;
  s.volume.origin_m = {-0.5, 0.25, 0.2};
  resolve_tomography_defaults(*s.tomography, s.volume);
  const TomographyConfig once = *s.tomography;
  EXPECT_EQ(once.panels[0].centre_m, (std::array<double, 2>{0.0, 0.75}));
  s.volume.origin_m = {5, 5, 0.2};  // already resolved: nothing changes
  resolve_tomography_defaults(*s.tomography, s.volume);
  for (std::size_t i = 0; i < once.panels.size(); ++i) {
    EXPECT_EQ(s.tomography->panels[i].centre_m, once.panels[i].centre_m);
    EXPECT_EQ(s.tomography->panels[i].span_m, once.panels[i].span_m);
  }
}

TEST(TomographyJson, ToJsonRoundTrips) {
  for (const json& input : {full_study(), small_study()}) {
    const TomographyStudyConfig s = parse_study(input);
    const json resolved = to_json(s);
    EXPECT_FALSE(resolved.contains("planes")) << "the panels are the planes";
    ASSERT_TRUE(resolved.contains("tomography"));
    const json& section = resolved["tomography"];
    for (const char* key : {"panels", "edge_length_m", "cost_per_m2", "budget", "budget_coefficient",
                            "budget_smoothness", "loss", "momentum_resolution", "reference_x0_m",
                            "dense_x0_threshold_m", "height_region_z_m"}) {
      EXPECT_TRUE(section.contains(key)) << key;
    }
    for (const json& panel : section["panels"]) {
      for (const char* key : {"name", "z_m", "centre_m", "span_m", "sigma_m", "efficiency"}) {
        EXPECT_TRUE(panel.contains(key)) << key;
      }
    }
    EXPECT_EQ(to_json(parse_study(resolved)), resolved);
    const TomographyStudyConfig again = parse_study(json::parse(resolved.dump(2)));  // through text
    EXPECT_EQ(to_json(again), resolved);
    ASSERT_EQ(again.tomography->panels.size(), s.tomography->panels.size());
    for (std::size_t i = 0; i < s.tomography->panels.size(); ++i)
      expect_same_panel(again.tomography->panels[i], s.tomography->panels[i]);
    EXPECT_EQ(again.tomography->loss, s.tomography->loss);
    EXPECT_EQ(again.tomography->height_region_z_m, s.tomography->height_region_z_m);
  }
  EXPECT_EQ(to_json(parse_study(full_study()))["tomography"]["loss"], "fill_height");
}

TEST(TomographyJson, HelloWorldFileIsTheHelloWorldStudy) {
  const TomographyStudyConfig s = test::load_config_study("hello_world");
  const TomographyStudyConfig expected = test::hello_world_tomography(1000000);
  ASSERT_TRUE(s.tomography.has_value());
  EXPECT_TRUE(s.planes.empty());
  ASSERT_EQ(s.tomography->panels.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) expect_same_panel(s.tomography->panels[i], expected.tomography->panels[i]);
  EXPECT_EQ(s.tomography->budget, 20.0);
  EXPECT_EQ(s.tomography->cost_per_m2, 1.0);
  EXPECT_EQ(s.tomography->loss, TomographyLoss::voxel_x0);
}

TEST(TomographyJson, TransportTakesThePanelsAsItsPlanes) {
  const TomographyStudyConfig s = parse_study(full_study());
  const std::vector<PlaneConfig> planes = transport_planes(s);
  ASSERT_EQ(planes.size(), 4u);
  EXPECT_EQ(planes[0].name, "b1");
  EXPECT_EQ(planes[1].z_m, 1.2);
  const TransportModel model(s);
  EXPECT_EQ(model.plane_names(), (std::vector<std::string>{"t0", "t1", "b0", "b1"}));  // decreasing z
  const TransportSetup setup = model.host_setup();
  ASSERT_EQ(setup.plane_count, 4);
  EXPECT_EQ(setup.plane_z_m[0], 1.2);
  EXPECT_EQ(setup.plane_z_m[3], 0.0);

  const TomographyStudyConfig plain = parse_study(json::parse(R"({"planes": [{"name": "p", "z_m": 1}]})"));
  ASSERT_EQ(transport_planes(plain).size(), 1u);
  EXPECT_EQ(transport_planes(plain)[0].name, "p");
}

// ---- Bad input ----

struct BadSection {
  std::string name;
  std::function<void(json&)> edit;  // applied to small_study()
  std::string path;                 // expected StudyError::path()
  std::string phrase;               // expected part of the message
};

void PrintTo(const BadSection& bad, std::ostream* out) { *out << bad.name; }

json& panels(json& study) { return study["tomography"]["panels"]; }
json& panel(json& study, int i) { return panels(study)[i]; }
json& section(json& study) { return study["tomography"]; }

std::vector<BadSection> bad_sections() {
  return {
      {"panel_inside_volume", [](json& s) { panel(s, 1)["z_m"] = 0.5; }, "tomography.panels[1].z_m",
       "0.5 m is inside the passive volume (z from 0.2 to "},
      {"one_panel_above_only", [](json& s) { panel(s, 1)["z_m"] = -0.1; }, "tomography.panels",
       "1 panel above the volume (z >= "},
      {"one_panel_below_only", [](json& s) { panel(s, 3)["z_m"] = 1.5; }, "tomography.panels",
       "3 panels above the volume (z >= 0.8"},
      {"nine_panels_above",
       [](json& s) {
         for (int i = 0; i < 7; ++i) panels(s).push_back({{"name", "x" + std::to_string(i)}, {"z_m", 2.0 + i}});
       },
       "tomography.panels", "9 panels above the volume"},
      {"seventeen_panels",
       [](json& s) {
         for (int i = 0; i < 13; ++i) panels(s).push_back({{"name", "x" + std::to_string(i)}, {"z_m", -1.0 - i}});
       },
       "tomography.panels", "17 panels: expected at most 16"},
      {"duplicate_names", [](json& s) { panel(s, 2)["name"] = "a0"; }, "tomography.panels[2].name",
       "duplicate panel name \"a0\" (also tomography.panels[0].name)"},
      {"empty_name", [](json& s) { panel(s, 0)["name"] = ""; }, "tomography.panels[0].name",
       "expected a non-empty panel name"},
      {"missing_z", [](json& s) { panel(s, 0).erase("z_m"); }, "tomography.panels[0].z_m", "required key is missing"},
      {"missing_panels", [](json& s) { section(s).erase("panels"); }, "tomography.panels", "required key is missing"},
      {"negative_span", [](json& s) { panel(s, 0)["span_m"] = {1.0, -1.0}; }, "tomography.panels[0].span_m[1]",
       "-1 m must be > 0"},
      {"zero_sigma", [](json& s) { panel(s, 0)["sigma_m"] = 0; }, "tomography.panels[0].sigma_m",
       "0 m: expected a hit resolution in (0, 1 m]"},
      {"huge_sigma", [](json& s) { panel(s, 0)["sigma_m"] = 100; }, "tomography.panels[0].sigma_m",
       "100 m: expected a hit resolution in (0, 1 m]"},
      {"efficiency_above_one", [](json& s) { panel(s, 3)["efficiency"] = 1.5; }, "tomography.panels[3].efficiency",
       "1.5: expected an efficiency in (0, 1]"},
      {"zero_efficiency", [](json& s) { panel(s, 3)["efficiency"] = 0; }, "tomography.panels[3].efficiency",
       "0: expected an efficiency in (0, 1]"},
      {"unknown_loss", [](json& s) { section(s)["loss"] = "voxel_xo"; }, "tomography.loss",
       "\"voxel_xo\" is not one of \"voxel_x0\", \"dense_material\", \"fill_height\" (did you mean \"voxel_x0\"?)"},
      {"loss_not_a_string", [](json& s) { section(s)["loss"] = 2; }, "tomography.loss", "expected one of"},
      {"unknown_panel_key", [](json& s) { panel(s, 2)["sigma"] = 1e-4; }, "tomography.panels[2].sigma",
       "unknown key (did you mean sigma_m?)"},
      {"unknown_section_key", [](json& s) { section(s)["budjet"] = 5; }, "tomography.budjet",
       "unknown key (did you mean budget?)"},
      {"misspelt_section", [](json& s) { s["tomograpy"] = s["tomography"]; s.erase("tomography"); }, "tomograpy",
       "unknown key (did you mean tomography?)"},
      {"planes_with_tomography", [](json& s) { s["planes"] = {{{"name", "p"}, {"z_m", 1.5}}}; }, "planes",
       "1 plane beside a \"tomography\" section: the panels are the detector planes"},
      {"fill_height_without_region", [](json& s) { section(s)["loss"] = "fill_height"; },
       "tomography.height_region_z_m", "required by the \"fill_height\" loss"},
      {"height_region_outside_volume",
       [](json& s) {
         section(s)["loss"] = "fill_height";
         section(s)["height_region_z_m"] = {0.1, 0.5};
       },
       "tomography.height_region_z_m", "[0.1, 0.5] m is not inside the passive volume"},
      {"inverted_height_region", [](json& s) { section(s)["height_region_z_m"] = {0.6, 0.3}; },
       "tomography.height_region_z_m", "is not a range: expected [min, max] with min < max"},
      {"negative_budget", [](json& s) { section(s)["budget"] = -1; }, "tomography.budget", "-1 must be >= 0"},
      {"negative_cost", [](json& s) { section(s)["cost_per_m2"] = -2; }, "tomography.cost_per_m2",
       "-2 per m^2 must be >= 0"},
      {"negative_budget_coefficient", [](json& s) { section(s)["budget_coefficient"] = -0.5; },
       "tomography.budget_coefficient", "-0.5 must be >= 0"},
      {"zero_budget_smoothness", [](json& s) { section(s)["budget_smoothness"] = 0; }, "tomography.budget_smoothness",
       "0 must be > 0"},
      {"zero_edge_length", [](json& s) { section(s)["edge_length_m"] = 0; }, "tomography.edge_length_m",
       "0 m must be > 0"},
      {"momentum_resolution_one", [](json& s) { section(s)["momentum_resolution"] = 1; },
       "tomography.momentum_resolution", "1: expected a relative resolution in [0, 1)"},
      {"zero_reference_x0", [](json& s) { section(s)["reference_x0_m"] = 0; }, "tomography.reference_x0_m",
       "0 m must be > 0"},
      {"negative_dense_threshold", [](json& s) { section(s)["dense_x0_threshold_m"] = -0.01; },
       "tomography.dense_x0_threshold_m", "-0.01 m must be > 0"},
      {"nan_string", [](json& s) { panel(s, 0)["z_m"] = "NaN"; }, "tomography.panels[0].z_m", "JSON has no NaN"},
      {"infinite_value", [](json& s) { section(s)["budget"] = std::numeric_limits<double>::infinity(); },
       "tomography.budget", "expected a finite number"},
      {"quoted_number", [](json& s) { panel(s, 1)["efficiency"] = "0.9"; }, "tomography.panels[1].efficiency",
       "(remove the quotes)"},
      {"wrong_array_length", [](json& s) { panel(s, 0)["centre_m"] = {0.5}; }, "tomography.panels[0].centre_m",
       "expected an array of 2 elements, got 1 elements"},
      {"wrong_element_type", [](json& s) { panel(s, 0)["span_m"] = {1.0, nullptr}; }, "tomography.panels[0].span_m[1]",
       "expected a number, got null"},
      {"panels_not_an_array", [](json& s) { section(s)["panels"] = {{"name", "a"}}; }, "tomography.panels",
       "expected an array, got an object"},
      {"section_not_an_object", [](json& s) { s["tomography"] = {1, 2}; }, "tomography",
       "expected an object {...}, got an array of 2 elements"},
      {"generation_plane_below_a_panel", [](json& s) { s["source"] = {{"plane", {{"z_m", 1.0}}}}; },
       "source.plane.z_m", "1 m is below detector plane \"a0\" (tomography.panels[0].z_m = 1.3 m)"},
  };
}

class TomographyJsonErrors : public ::testing::TestWithParam<BadSection> {};

TEST_P(TomographyJsonErrors, NamesThePathAndWhatWasExpected) {
  const BadSection& bad = GetParam();
  json study = small_study();
  bad.edit(study);
  try {
    parse_study(study);
    ADD_FAILURE() << "no StudyError; expected one at " << bad.path;
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), bad.path) << e.what();
    EXPECT_NE(std::string(e.what()).find(bad.phrase), std::string::npos)
        << "message: " << e.what() << "\nexpected: " << bad.phrase;
  }
}

INSTANTIATE_TEST_SUITE_P(Sections, TomographyJsonErrors, ::testing::ValuesIn(bad_sections()),
                         [](const ::testing::TestParamInfo<BadSection>& info) { return info.param.name; });

// A section built in code is validated like one read from JSON (non-finite values too).
TEST(TomographyJson, ValidateChecksConfigsBuiltInCode) {
  TomographyStudyConfig s = test::hello_world_tomography(1000);
  resolve_defaults(s);
  EXPECT_NO_THROW(validate_study(s));
  s.tomography->panels[5].sigma_m = std::numeric_limits<double>::quiet_NaN();
  try {
    validate_study(s);
    ADD_FAILURE() << "no StudyError";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "tomography.panels[5].sigma_m");
    EXPECT_NE(std::string(e.what()).find("expected a finite number"), std::string::npos) << e.what();
  }
}

// A number that overflows double is a JSON error of the file, with its line.
TEST(TomographyJson, OverflowingNumberInAFileIsAStudyError) {
  const std::string path = ::testing::TempDir() + "detgrad_tomography_json_overflow.json";
  {
    std::ofstream out(path);
    out << "{\n  \"tomography\": {\n    \"budget\": 1e999,\n    \"panels\": []\n  }\n}\n";
  }
  try {
    load_study_file(path);
    ADD_FAILURE() << "no StudyError";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path);
    EXPECT_NE(std::string(e.what()).find("expected a finite number"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace detgrad::tomography
