// End to end: `detgrad validate` accepts the hello-world study; every bad study file exits
// with code 2 and a message that names the JSON path (or the file, for problems with the
// file itself), both through `validate` and through `simulate --out DIR`, which then
// creates nothing.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"
#include "detgrad/physics/material_library.hpp"

namespace detgrad::test {
namespace {

using nlohmann::json;

TEST(CliValidate, GoodStudyIsValid) {
  TempDir scratch;
  const CliRun run = run_detgrad({"validate", hello_world_study().string()}, scratch.path());
  EXPECT_EQ(run.exit_code, 0) << describe(run);
  EXPECT_TRUE(contains(run.out, "valid study \"hello_world\"")) << describe(run);
  EXPECT_TRUE(run.err.empty()) << describe(run);
}

json hello_world() { return json::parse(read_text(hello_world_study()), nullptr, true, /*ignore_comments=*/true); }

// A bad study: the hello-world study edited by `edit`, or `text` written as it is (when
// `edit` is empty), or no file at all. `where` is what the message must start with after
// "error in study: " (the JSON path, or the file's path for "FILE"); `phrase` part of the rest.
struct BadStudy {
  std::string name;
  std::function<void(json&)> edit;
  std::string text;
  std::string where;
  std::string phrase;
  bool missing_file = false;
};

void PrintTo(const BadStudy& bad, std::ostream* out) { *out << bad.name; }

BadStudy edited(std::string name, std::function<void(json&)> edit, std::string where, std::string phrase) {
  return {std::move(name), std::move(edit), "", std::move(where), std::move(phrase)};
}

BadStudy text(std::string name, std::string text, std::string where, std::string phrase) {
  return {std::move(name), nullptr, std::move(text), std::move(where), std::move(phrase)};
}

const json beam_source = {{"type", "beam"},
                          {"momentum_GeV", 5.0},
                          {"direction", {0.0, 0.0, 1.0}},
                          {"spot_centre_m", {0.5, 0.5}},
                          {"plane", {{"z_m", 1.0}}}};

// Plain detector planes in place of the tomography panels.
void use_plain_planes(json& study) {
  study.erase("tomography");
  study["planes"] = {{{"name", "above_0"}, {"z_m", 1.0}},
                     {{"name", "above_1"}, {"z_m", 0.9}},
                     {{"name", "below_0"}, {"z_m", 0.15}},
                     {{"name", "below_1"}, {"z_m", 0.05}}};
}

std::vector<BadStudy> bad_studies() {
  return {
      text("json_syntax_error", "{\n  \"name\": \"x\",\n  \"muons\": 10,\n}\n", "FILE", "JSON syntax error at line 4"),
      text("empty_file", "  \n", "FILE", "the study file is empty"),
      text("nested_too_deep", std::string(100000, '[') + std::string(100000, ']'), "FILE",
           "nested deeper than the limit of 64 levels"),
      {"missing_file", nullptr, "", "FILE", "cannot open the study file", /*missing_file=*/true},
      text("top_level_array", "[1, 2]", "", "a study must be a JSON object"),
      text("duplicate_key", "{\"seed\": 1, \"seed\": 2}", "seed", "duplicate key"),
      text("nested_duplicate_key", "{\"volume\": {\"fill\": \"iron\", \"fill\": \"lead\"}}", "volume.fill",
           "duplicate key"),
      edited("wrong_type", [](json& s) { s["muons"] = "many"; }, "muons", "expected a number"),
      edited("negative_integer", [](json& s) { s["seed"] = -1; }, "seed", "expected a non-negative integer"),
      edited("negative_voxel_size", [](json& s) { s["volume"]["voxel_size_m"][1] = -0.1; }, "volume.voxel_size_m[1]",
             "must be > 0"),
      edited("zero_voxels", [](json& s) { s["volume"]["voxels"][2] = 0; }, "volume.voxels[2]", "expected at least 1"),
      edited("unknown_material", [](json& s) { s["volume"]["fill"] = "unobtanium"; }, "volume.fill",
             "is not a known material"),
      edited("misspelt_box_material", [](json& s) { s["volume"]["boxes"][0]["material"] = "led"; },
             "volume.boxes[0].material", "did you mean \"lead\"?"),
      edited("custom_material_shadows_standard",
             [](json& s) {
               s["materials"] = {{{"name", "lead"}, {"density_g_cm3", 11.0}, {"radiation_length_g_cm2", 6.4}}};
             },
             "materials[0].name", "is a standard material"),
      edited("zero_muons", [](json& s) { s["muons"] = 0; }, "muons", "expected from 1 to 1e12 muons"),
      edited("panel_inside_volume", [](json& s) { s["tomography"]["panels"][2]["z_m"] = 0.5; },
             "tomography.panels[2].z_m", "inside the passive volume"),
      edited("nan_string", [](json& s) { s["source"]["zenith_max_deg"] = "NaN"; }, "source.zenith_max_deg",
             "JSON has no NaN"),
      edited("unknown_key", [](json& s) { s["muonz"] = 5; }, "muonz", "unknown key (did you mean muons?)"),
      edited("unknown_cosmic_model", [](json& s) { s["source"]["model"] = "gaisser"; }, "source.model",
             "is not one of \"guan2015\", \"shukla2016\""),
      edited("unknown_backend", [](json& s) { s["backend"] = "gpu"; }, "backend", "is not one of"),
      edited("wrong_array_length", [](json& s) { s["volume"]["origin_m"] = {0.0, 0.0}; }, "volume.origin_m",
             "expected an array of 3 elements, got 2 elements"),
      edited("upward_beam", [](json& s) { s["source"] = beam_source; }, "source.direction", "does not point downward"),
      edited("beam_key_in_cosmic_source", [](json& s) { s["source"]["momentum_GeV"] = 5.0; }, "source.momentum_GeV",
             "only used by a \"beam\" source"),
      edited("inverted_momentum_range", [](json& s) { s["source"]["momentum_range_GeV"] = {1000.0, 0.5}; },
             "source.momentum_range_GeV", "is not a range"),
      edited("duplicate_panel_names", [](json& s) { s["tomography"]["panels"][1]["name"] = "above_0"; },
             "tomography.panels[1].name", "duplicate panel name \"above_0\""),
      edited("generation_plane_below_volume_top",
             [](json& s) {
               use_plain_planes(s);  // the volume top is checked before the planes
               s["source"]["plane"]["z_m"] = 0.5;
             },
             "source.plane.z_m", "below the top of the passive volume"),
      edited("generation_plane_below_a_detector_panel",
             [](json& s) { s["tomography"]["panels"][0]["z_m"] = 1.2; }, "source.plane.z_m",
             "below detector plane \"above_0\" (tomography.panels[0].z_m = 1.2 m)"),
      edited("plane_inside_volume",
             [](json& s) {
               use_plain_planes(s);
               s["planes"][2]["z_m"] = 0.5;
             },
             "planes[2].z_m", "inside the passive volume"),
      edited("duplicate_plane_names",
             [](json& s) {
               use_plain_planes(s);
               s["planes"][1]["name"] = "above_0";
             },
             "planes[1].name", "duplicate plane name \"above_0\""),
      edited("generation_plane_below_a_detector_plane",
             [](json& s) {
               use_plain_planes(s);
               s["planes"][0]["z_m"] = 1.2;
             },
             "source.plane.z_m", "below detector plane \"above_0\""),
      edited("inverted_box", [](json& s) { s["volume"]["boxes"][0]["max_m"][2] = 0.3; }, "volume.boxes[0].max_m[2]",
             "expected min < max"),
      edited("save_more_muons_than_generated", [](json& s) { s["output"] = {{"save_muons", 2000000}}; },
             "output.save_muons", "expected at most the number of muons"),
  };
}

class CliBadStudy : public ::testing::TestWithParam<BadStudy> {
 protected:
  // Writes the bad study into the scratch directory; returns its path.
  fs::path write_study() {
    const BadStudy& bad = GetParam();
    const fs::path path = scratch_ / (bad.name + ".json");
    if (bad.missing_file) return path;
    if (bad.edit) {
      json study = hello_world();
      bad.edit(study);
      write_text(path, study.dump(2));
    } else {
      write_text(path, bad.text);
    }
    return path;
  }

  void expect_study_error(const CliRun& run, const fs::path& study) {
    const BadStudy& bad = GetParam();
    EXPECT_EQ(run.exit_code, 2) << describe(run);
    std::string where = "detgrad: error in study: ";
    if (bad.where == "FILE") where += study.string() + ": ";
    else if (!bad.where.empty()) where += bad.where + ": ";
    EXPECT_TRUE(contains(run.err, where)) << "expected the message to start with: " << where << "\n" << describe(run);
    EXPECT_TRUE(contains(run.err, bad.phrase)) << "expected: " << bad.phrase << "\n" << describe(run);
  }

  TempDir scratch_;
};

TEST_P(CliBadStudy, ValidateExitsWith2AndNamesThePath) {
  const fs::path study = write_study();
  expect_study_error(run_detgrad({"validate", study.string()}, scratch_.path()), study);
}

TEST_P(CliBadStudy, SimulateExitsWith2AndCreatesNothing) {
  const fs::path study = write_study();
  const fs::path out = scratch_ / "run";
  expect_study_error(run_detgrad({"simulate", study.string(), "--out", out.string()}, scratch_.path()), study);
  EXPECT_FALSE(fs::exists(out)) << "the run directory was created for a bad study";
}

INSTANTIATE_TEST_SUITE_P(Studies, CliBadStudy, ::testing::ValuesIn(bad_studies()),
                         [](const ::testing::TestParamInfo<BadStudy>& info) { return info.param.name; });

TEST(CliValidate, ADirectoryIsNamedAsSuch) {
  TempDir scratch;
  const CliRun run = run_detgrad({"validate", scratch.path().string()}, scratch.path());
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  EXPECT_TRUE(contains(run.err, "is a directory, not a study file")) << describe(run);
}

// The unknown-material message lists the material library's names (one list) and the
// study's custom materials.
TEST(CliValidate, UnknownMaterialListsTheLibraryAndCustomMaterials) {
  TempDir scratch;
  json study = hello_world();
  study["materials"] = {{{"name", "my_ore"}, {"density_g_cm3", 4.0}, {"radiation_length_g_cm2", 20.0}}};
  study["world"] = "unobtanium";
  const fs::path path = scratch / "study.json";
  write_text(path, study.dump());
  const CliRun run = run_detgrad({"validate", path.string()}, scratch.path());
  EXPECT_EQ(run.exit_code, 2) << describe(run);
  std::string known;
  for (const std::string& name : material_names()) known += (known.empty() ? "\"" : ", \"") + name + "\"";
  known += ", \"my_ore\"";
  EXPECT_TRUE(contains(run.err, "world: \"unobtanium\" is not a known material; known materials: " + known))
      << describe(run);
}

// Command-line overrides are checked like the file's values, and the resolved study a run
// records is itself valid.
TEST(CliValidate, OverridesAreValidated) {
  TempDir scratch;
  json study = hello_world();
  study["output"] = {{"save_muons", 500}};
  const fs::path path = scratch / "study.json";
  write_text(path, study.dump());
  const fs::path out = scratch / "run";
  const CliRun too_few = run_detgrad({"simulate", path.string(), "--out", out.string(), "--muons", "100"},
                                     scratch.path());
  EXPECT_EQ(too_few.exit_code, 2) << describe(too_few);
  EXPECT_TRUE(contains(too_few.err, "output.save_muons: 500: expected at most the number of muons (100)"))
      << describe(too_few);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace detgrad::test
