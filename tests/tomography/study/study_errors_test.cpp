// Bad study input: every kind of problem is a StudyError naming the JSON path and saying
// what was expected.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "detgrad/core/error.hpp"
#include "detgrad/tomography/study_json.hpp"

namespace detgrad {
namespace {

using nlohmann::json;

struct BadStudy {
  const char* kind;     // test name
  const char* study;    // JSON text
  const char* path;     // expected StudyError::path()
  const char* phrase;   // expected part of the message
};

void PrintTo(const BadStudy& bad, std::ostream* out) { *out << bad.kind; }

void expect_study_error(const json& study, const std::string& path, const std::string& phrase) {
  try {
    parse_study(study);
    ADD_FAILURE() << "no StudyError; expected one at " << path;
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
    EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos) << "message: " << e.what() << "\nexpected: " << phrase;
  }
}

class StudyErrors : public ::testing::TestWithParam<BadStudy> {};

TEST_P(StudyErrors, NamesThePathAndWhatWasExpected) {
  const BadStudy& bad = GetParam();
  expect_study_error(json::parse(bad.study), bad.path, bad.phrase);
}

const BadStudy bad_studies[] = {
    // Types and shapes
    {"string_for_number", R"({"muons": "many"})", "muons", "expected a number, got the string \"many\""},
    {"quoted_number", R"({"transport": {"max_step_m": "0.5"}})", "transport.max_step_m", "(remove the quotes)"},
    {"nan_string", R"({"transport": {"max_step_m": "NaN"}})", "transport.max_step_m", "JSON has no NaN"},
    {"object_for_array", R"({"volume": {"origin_m": {"x": 0}}})", "volume.origin_m",
     "expected an array of 3 elements, got an object"},
    {"array_for_object", R"({"volume": [1, 2, 3]})", "volume", "expected an object {...}, got an array of 3 elements"},
    {"object_for_list", R"({"planes": {"name": "a", "z_m": 1}})", "planes", "expected an array, got an object"},
    {"wrong_array_length", R"({"volume": {"voxel_size_m": [0.1, 0.1]}})", "volume.voxel_size_m",
     "expected an array of 3 elements, got 2 elements"},
    {"wrong_element_type", R"({"volume": {"origin_m": [0, null, 0]}})", "volume.origin_m[1]",
     "expected a number, got null"},
    {"string_for_bool", R"({"transport": {"multiple_scattering": "yes"}})", "transport.multiple_scattering",
     "expected true or false"},
    {"number_for_string", R"({"world": 7})", "world", "expected a string, got 7"},
    {"non_integer_count", R"({"volume": {"voxels": [10, 2.5, 6]}})", "volume.voxels[1]",
     "expected an integer, got 2.5"},
    {"integer_overflow", R"({"volume": {"voxels": [10, 3000000000, 6]}})", "volume.voxels[1]",
     "expected an integer from -2147483648 to 2147483647"},
    {"negative_seed", R"({"seed": -1})", "seed", "expected a non-negative integer"},
    {"missing_required_key", R"({"planes": [{"name": "a"}]})", "planes[0].z_m", "required key is missing"},
    // Unknown keys and enum values
    {"unknown_key_with_suggestion", R"({"volume": {"voxel_sise_m": [0.1, 0.1, 0.1]}})", "volume.voxel_sise_m",
     "unknown key (did you mean voxel_size_m?)"},
    {"unknown_key_missing_unit", R"({"source": {"zenith_max": 60}})", "source.zenith_max",
     "did you mean zenith_max_deg?"},
    {"unknown_key_without_suggestion", R"({"colour": "blue"})", "colour", "unknown key (known keys here: name, seed"},
    {"unknown_enum_value", R"({"backend": "gpu"})", "backend", "\"gpu\" is not one of \"auto\", \"cpu\", \"cuda\""},
    {"enum_typo", R"({"source": {"type": "cosmc"}})", "source.type", "(did you mean \"cosmic\"?)"},
    {"key_of_other_source_type", R"({"source": {"charge": -1}})", "source.charge",
     "only used by a \"beam\" source, but source.type is \"cosmic\""},
    // Counts and sizes
    {"zero_muons", R"({"muons": 0})", "muons", "0: expected from 1 to 1e12 muons"},
    {"too_many_muons", R"({"muons": 1e13})", "muons", "expected from 1 to 1e12 muons"},
    {"empty_name", R"({"name": ""})", "name", "expected a non-empty study name"},
    {"negative_size", R"({"volume": {"voxel_size_m": [0.1, -0.1, 0.1]}})", "volume.voxel_size_m[1]",
     "-0.1 m must be > 0"},
    {"zero_voxels", R"({"volume": {"voxels": [10, 0, 6]}})", "volume.voxels[1]", "0 voxels: expected at least 1"},
    {"too_many_voxels", R"({"volume": {"voxels": [1000, 1000, 1000]}})", "volume.voxels",
     "[1000, 1000, 1000] is 1000000000 voxels in total: expected at most 1e8"},
    // Materials
    {"unknown_fill_material", R"({"volume": {"fill": "led"}})", "volume.fill",
     "\"led\" is not a known material (did you mean \"lead\"?); known materials: \"vacuum\", \"air\""},
    {"unknown_world_material", R"({"world": "helium"})", "world", "\"helium\" is not a known material"},
    {"unknown_box_material", R"({"volume": {"boxes": [{"material": "gold", "min_m": [0,0,0], "max_m": [1,1,1]}]}})",
     "volume.boxes[0].material", "\"gold\" is not a known material"},
    {"custom_shadows_standard",
     R"({"materials": [{"name": "lead", "density_g_cm3": 1, "radiation_length_g_cm2": 10}]})", "materials[0].name",
     "\"lead\" is a standard material"},
    {"duplicate_custom_material",
     R"({"materials": [{"name": "a", "density_g_cm3": 1, "radiation_length_g_cm2": 10},
                       {"name": "a", "density_g_cm3": 2, "radiation_length_g_cm2": 10}]})",
     "materials[1].name", "duplicate material name \"a\" (also materials[0].name)"},
    {"negative_density", R"({"materials": [{"name": "a", "density_g_cm3": -1, "radiation_length_g_cm2": 10}]})",
     "materials[0].density_g_cm3", "-1 g/cm^3 must be > 0"},
    {"zero_radiation_length", R"({"materials": [{"name": "a", "density_g_cm3": 1, "radiation_length_g_cm2": 0}]})",
     "materials[0].radiation_length_g_cm2", "0 g/cm^2 must be > 0"},
    // Volume contents
    {"voxel_materials_length_mismatch", R"({"volume": {"voxels": [2, 2, 1], "voxel_materials": ["air", "lead"]}})",
     "volume.voxel_materials", "2 entries: expected one per voxel, 4 (voxels 2 x 2 x 1)"},
    {"unknown_voxel_material", R"({"volume": {"voxels": [2, 1, 1], "voxel_materials": ["air", "lead2"]}})",
     "volume.voxel_materials[1]", "\"lead2\" is not a known material"},
    {"boxes_with_voxel_materials",
     R"({"volume": {"voxels": [1, 1, 1], "voxel_materials": ["air"],
                    "boxes": [{"material": "lead", "min_m": [0,0,0], "max_m": [1,1,1]}]}})",
     "volume.boxes", "cannot be combined with volume.voxel_materials"},
    {"inverted_box", R"({"volume": {"boxes": [{"material": "lead", "min_m": [0,0,0.5], "max_m": [1,1,0.4]}]}})",
     "volume.boxes[0].max_m[2]", "0.4 m is not above min_m[2] = 0.5 m"},
    // Planes
    {"plane_inside_volume", R"({"planes": [{"name": "a", "z_m": 1}, {"name": "b", "z_m": 0.5}]})", "planes[1].z_m",
     "0.5 m is inside the passive volume (z from 0.2 to 0.8 m)"},
    {"duplicate_plane_names", R"({"planes": [{"name": "top", "z_m": 1}, {"name": "top", "z_m": 1.1}]})",
     "planes[1].name", "duplicate plane name \"top\" (also planes[0].name)"},
    {"too_many_planes",
     R"({"planes": [{"name":"p0","z_m":1},{"name":"p1","z_m":1},{"name":"p2","z_m":1},{"name":"p3","z_m":1},
                    {"name":"p4","z_m":1},{"name":"p5","z_m":1},{"name":"p6","z_m":1},{"name":"p7","z_m":1},
                    {"name":"p8","z_m":1},{"name":"p9","z_m":1},{"name":"pa","z_m":1},{"name":"pb","z_m":1},
                    {"name":"pc","z_m":1},{"name":"pd","z_m":1},{"name":"pe","z_m":1},{"name":"pf","z_m":1},
                    {"name":"pg","z_m":1}]})",
     "planes", "17 planes: expected at most 16"},
    // Cosmic source
    {"inverted_momentum_range", R"({"source": {"momentum_range_GeV": [10, 1]}})", "source.momentum_range_GeV",
     "[10, 1] GeV is not a range: expected [min, max] with min < max"},
    {"zero_momentum_minimum", R"({"source": {"momentum_range_GeV": [0, 10]}})", "source.momentum_range_GeV[0]",
     "0 GeV must be > 0"},
    {"zenith_above_90", R"({"source": {"zenith_max_deg": 95}})", "source.zenith_max_deg",
     "95 deg: expected an angle in (0, 90] deg"},
    {"zero_charge_ratio", R"({"source": {"charge_ratio": 0}})", "source.charge_ratio", "0 must be > 0"},
    // Beam source
    {"upward_beam", R"({"source": {"type": "beam", "direction": [0, 0, 1]}})", "source.direction",
     "[0, 0, 1] does not point downward: expected direction[2] < 0"},
    {"zero_beam_direction", R"({"source": {"type": "beam", "direction": [0, 0, 0]}})", "source.direction",
     "expected a non-zero vector"},
    {"bad_charge", R"({"source": {"type": "beam", "charge": 2}})", "source.charge", "2: expected +1 (mu+) or -1 (mu-)"},
    {"zero_beam_momentum", R"({"source": {"type": "beam", "momentum_GeV": 0}})", "source.momentum_GeV",
     "0 GeV must be > 0"},
    {"negative_momentum_sigma", R"({"source": {"type": "beam", "momentum_sigma_GeV": -0.1}})",
     "source.momentum_sigma_GeV", "-0.1 GeV must be >= 0"},
    {"cosmic_key_on_beam", R"({"source": {"type": "beam", "zenith_max_deg": 30}})", "source.zenith_max_deg",
     "only used by a \"cosmic\" source"},
    // Generation plane
    {"generation_plane_below_volume", R"({"source": {"plane": {"z_m": 0.5}}})", "source.plane.z_m",
     "0.5 m is below the top of the passive volume (0.8 m)"},
    {"generation_plane_below_detector_plane", R"({"source": {"plane": {"z_m": 1}}, "planes": [{"name": "t", "z_m": 1.2}]})",
     "source.plane.z_m", "1 m is below detector plane \"t\""},
    {"generation_plane_inverted_range", R"({"source": {"plane": {"x_range_m": [1, 0]}}})", "source.plane.x_range_m",
     "[1, 0] m is not a range"},
    {"generation_plane_empty_range", R"({"source": {"plane": {"y_range_m": [0.5, 0.5]}}})", "source.plane.y_range_m",
     "expected [min, max] with min < max"},
    // Transport and output
    {"zero_max_step", R"({"transport": {"max_step_m": 0}})", "transport.max_step_m", "0 m must be > 0"},
    {"negative_min_kinetic", R"({"transport": {"min_kinetic_GeV": -1}})", "transport.min_kinetic_GeV",
     "-1 GeV must be >= 0"},
    {"save_more_than_muons", R"({"muons": 10, "output": {"save_muons": 11}})", "output.save_muons",
     "11: expected at most the number of muons (10)"},
    // Top level
    {"negative_evaluation_events", R"({"optimization": {"evaluation_events": -1}})", "optimization.evaluation_events",
     "expected a non-negative integer"},
    {"too_many_evaluation_events", R"({"optimization": {"evaluation_events": 2e12}})",
     "optimization.evaluation_events", "expected 0 to 1e12"},
    {"fractional_evaluation_events", R"({"optimization": {"evaluation_events": 1.5}})",
     "optimization.evaluation_events", "expected an integer, got 1.5"},
    {"top_level_array", R"([{"name": "a"}])", "", "a study must be a JSON object {...} at the top level, got an array"},
    {"top_level_string", R"("study.json")", "", "got the string \"study.json\""},
};

INSTANTIATE_TEST_SUITE_P(Kinds, StudyErrors, ::testing::ValuesIn(bad_studies),
                         [](const ::testing::TestParamInfo<BadStudy>& info) { return std::string(info.param.kind); });

TEST(StudyErrorsInCode, InfiniteNumberIsRejected) {
  const double inf = std::numeric_limits<double>::infinity();
  expect_study_error(json{{"transport", {{"max_step_m", inf}}}}, "transport.max_step_m",
                     "expected a finite number, got inf");
  expect_study_error(json{{"volume", {{"origin_m", {0.0, std::nan(""), 0.0}}}}}, "volume.origin_m[1]",
                     "expected a finite number");
}

TEST(StudyErrorsInCode, ValidateStudyChecksProgrammaticConfigs) {
  TomographyStudyConfig s;
  s.volume.voxel_size_m[2] = std::nan("");
  try {
    validate_study(s);
    ADD_FAILURE() << "no StudyError";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "volume.voxel_size_m[2]") << e.what();
  }
}

// Study files.
class StudyFileErrors : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    path_ = ::testing::TempDir() + "detgrad_study_errors_test_" + std::to_string(counter_++) + ".json";
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void expect_file_error(const std::string& path, const std::string& expected_path, const std::string& phrase) {
    try {
      load_study_file(path);
      ADD_FAILURE() << "no StudyError for " << path;
    } catch (const StudyError& e) {
      EXPECT_EQ(e.path(), expected_path) << e.what();
      EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos) << "message: " << e.what() << "\nexpected: " << phrase;
    }
  }

  std::string path_;
  int counter_ = 0;
};

TEST_F(StudyFileErrors, FileNotFound) {
  const std::string path = ::testing::TempDir() + "detgrad_no_such_study.json";
  expect_file_error(path, path, "cannot open the study file (No such file or directory)");
}

TEST_F(StudyFileErrors, EmptyFile) {
  const std::string path = write(" \n\t\n");
  expect_file_error(path, path, "the study file is empty");
}

TEST_F(StudyFileErrors, SyntaxErrorGivesLineAndColumn) {
  const std::string path = write("{\n  \"name\": \"x\",\n  \"muons\": 10,\n}\n");
  expect_file_error(path, path, "JSON syntax error at line 4, column 1");
}

TEST_F(StudyFileErrors, MissingCommaGivesLineAndColumn) {
  const std::string path = write("{\n  \"name\": \"x\"\n  \"muons\": 10\n}\n");
  expect_file_error(path, path, "JSON syntax error at line 3, column 9");
}

TEST_F(StudyFileErrors, HugeNumberIsNotInfinity) {
  const std::string path = write("{\n  \"transport\": {\"max_step_m\": 1e999}\n}\n");
  expect_file_error(path, path, "at line 2, column 31: number overflow parsing '1e999'");
}

TEST_F(StudyFileErrors, ADirectoryIsNamedAsSuch) {
  const std::string path = ::testing::TempDir();
  expect_file_error(path, path, "is a directory, not a study file");
}

// JSON leaves duplicate keys undefined and the parser would keep the last one silently.
TEST_F(StudyFileErrors, DuplicateKeysAreRefusedWithTheirPath) {
  expect_file_error(write("{\"seed\": 1, \"seed\": 2}"), "seed", "duplicate key");
  expect_file_error(write("{\"volume\": {\"voxels\": [1, 1, 1], \"fill\": \"iron\", /* x */ \"fill\": \"lead\"}}"),
                    "volume.fill", "duplicate key");
  expect_file_error(write("{\"planes\": [{\"name\": \"a\", \"z_m\": 2}, {\"name\": \"b\", \"z_m\": 3, \"z_m\": 4}]}"),
                    "planes[1].z_m", "duplicate key");
  // The same key in different objects is not a duplicate.
  const std::string path = write("{\"planes\": [{\"name\": \"a\", \"z_m\": 2}, {\"name\": \"b\", \"z_m\": 3}]}");
  EXPECT_NO_THROW(load_study_file(path));
}

TEST_F(StudyFileErrors, TopLevelNotAnObject) {
  const std::string path = write("[1, 2]");
  expect_file_error(path, "", "a study must be a JSON object");
}

TEST_F(StudyFileErrors, ContentErrorsKeepTheirJsonPath) {
  const std::string path = write("{\"volume\": {\"voxels\": [0, 1, 1]}}");
  expect_file_error(path, "volume.voxels[0]", "expected at least 1");
}

}  // namespace
}  // namespace detgrad
