// The "swgo" study section: defaults written back, and bad input refused with the JSON path
// or the layout file's line, before anything is written.
#include "swgo/swgo_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_main.hpp"
#include "detgrad/core/error.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::swgo {
namespace {

namespace fs = std::filesystem;

nlohmann::json study(const std::string& swgo_section) {
  return nlohmann::json::parse(R"({"task": "swgo", "name": "t", "swgo": )" + swgo_section + "}");
}

const char* kGood = R"({"layout": {"generator": {"shape": "hexagonal", "units": 61, "spacing_m": 12}}, "unit": "tank"})";

std::string error_of(const nlohmann::json& j) {
  try {
    read_swgo_study(j);
  } catch (const StudyError& e) {
    return e.what();
  }
  return "no error";
}

void expect_error(const nlohmann::json& j, const std::string& part) {
  const std::string e = error_of(j);
  EXPECT_NE(e.find(part), std::string::npos) << "message: " << e;
}

TEST(SwgoJson, DefaultsAreWrittenAndReadBack) {
  const SwgoConfig c = read_swgo_study(study(kGood));
  EXPECT_EQ(c.unit, UnitKind::tank);
  EXPECT_DOUBLE_EQ(c.least_distance(), kTankLeastDistance_m);
  EXPECT_DOUBLE_EQ(c.core_slack_m, 2000.0);
  EXPECT_DOUBLE_EQ(c.gamma_fraction, 0.5);
  nlohmann::json out;
  write_swgo_study(c, out);
  const SwgoConfig again = read_swgo_study(out);
  nlohmann::json out2;
  write_swgo_study(again, out2);
  EXPECT_EQ(out, out2);
  EXPECT_EQ(resolve_layout(again).size(), 61u);
}

TEST(SwgoJson, BadValuesNameTheirPath) {
  expect_error(study(R"({"layout": {"generator": {"shape": "hexagonal", "units": 61}}, "unitt": "tank"})"),
               "unitt");
  expect_error(study(R"({"layout": {"generator": {"shape": "hexagon", "units": 61}}})"), "swgo.layout.generator.shape");
  expect_error(study(R"({"layout": {"units": [[0, 0], [1, "NaN"]]}})"), "swgo.layout.units[1][1]");
  expect_error(study(R"({"layout": {"generator": {"shape": "hexagonal", "units": 61}}, "gamma_fraction": 1.5})"),
               "swgo.gamma_fraction");
  expect_error(study(R"({"layout": {"generator": {"shape": "hexagonal", "units": 61}}, "energy_PeV": [0.1, 20]})"),
               "swgo.energy_PeV");
  expect_error(study(R"({"layout": {}})"), "swgo.layout: expected exactly one of");
  expect_error(study(R"({"layout": {"generator": {"shape": "hexagonal", "units": 61}}, "optimization_errors": "fited"})"),
               "swgo.optimization_errors");
  expect_error(study(R"({"layout": {"generator": {"shape": "hexagonal", "units": 61}}, "optimization_errors": 1})"),
               "swgo.optimization_errors");
}

TEST(SwgoJson, OptimizationErrorsAreReadAndWrittenBack) {
  EXPECT_EQ(read_swgo_study(study(kGood)).optimization_errors, OptimizationErrors::expected);
  nlohmann::json j = study(kGood);
  j["swgo"]["optimization_errors"] = "fitted";
  const SwgoConfig c = read_swgo_study(j);
  EXPECT_EQ(c.optimization_errors, OptimizationErrors::fitted);
  nlohmann::json out;
  write_swgo_study(c, out);
  EXPECT_EQ(out["swgo"]["optimization_errors"], "fitted");
  EXPECT_EQ(read_swgo_study(out).optimization_errors, OptimizationErrors::fitted);
}

TEST(SwgoJson, TheCostKeys) {
  // Defaults: both costs off, the reference's thresholds (pi (1.2 km)^2, 800 m per unit), station at the origin.
  const SwgoConfig d = read_swgo_study(study(kGood));
  EXPECT_FALSE(d.utility.costs.any());
  EXPECT_DOUBLE_EQ(d.utility.costs.area_threshold_km2, 3.14159265358979323846 * 1.44);
  EXPECT_DOUBLE_EQ(d.utility.costs.cable_allowance_m, 800.0);
  EXPECT_EQ(d.utility.costs.station_xy_m, (std::array<double, 2>{0.0, 0.0}));
  // Given, written back and read again.
  const std::string layout = R"("layout": {"generator": {"shape": "hexagonal", "units": 61}}, "unit": "tank")";
  const SwgoConfig c = read_swgo_study(study("{" + layout + R"(, "utility": {"area_cost": 2.5, "area_threshold_km2": 1,
      "cable_cost": 0.25, "cable_allowance_m": 300, "station_xy_m": [-40, 12.5]}})"));
  EXPECT_DOUBLE_EQ(c.utility.costs.area_cost, 2.5);
  EXPECT_DOUBLE_EQ(c.utility.costs.area_threshold_km2, 1.0);
  EXPECT_DOUBLE_EQ(c.utility.costs.cable_cost, 0.25);
  EXPECT_DOUBLE_EQ(c.utility.costs.cable_allowance_m, 300.0);
  EXPECT_EQ(c.utility.costs.station_xy_m, (std::array<double, 2>{-40.0, 12.5}));
  nlohmann::json out;
  write_swgo_study(c, out);
  EXPECT_EQ(out["swgo"]["utility"]["cable_allowance_m"], 300.0);
  const SwgoConfig again = read_swgo_study(out);
  EXPECT_EQ(again.utility.costs.station_xy_m, c.utility.costs.station_xy_m);
  EXPECT_DOUBLE_EQ(again.utility.costs.area_cost, 2.5);
  // Negative values and a bad station are refused, naming the key.
  for (const char* key : {"area_cost", "area_threshold_km2", "cable_cost", "cable_allowance_m"})
    expect_error(study("{" + layout + R"(, "utility": {")" + key + R"(": -1}})"),
                 std::string("swgo.utility.") + key + ": -1 is not a finite number >= 0");
  expect_error(study("{" + layout + R"(, "utility": {"station_xy_m": [1]}})"), "swgo.utility.station_xy_m");
  expect_error(study("{" + layout + R"(, "utility": {"cable_costs": 1}})"), "swgo.utility.cable_costs");
}

TEST(SwgoJson, LayoutsThatCannotWork) {
  // Overlapping tanks: 3 m apart, least distance 4.42 m.
  std::string units = "[";
  for (int i = 0; i < 60; ++i) units += "[" + std::to_string(10 * i) + ", 0],";
  units += "[3, 0]]";
  expect_error(study(R"({"unit": "tank", "layout": {"units": )" + units + "}}"), "less than the least distance 4.42 m");
  // Fewer units than the trigger needs: 50 tanks, or 3 macro-units of 19.
  expect_error(study(R"({"unit": "tank", "layout": {"generator": {"shape": "hexagonal", "units": 49}}})"),
               "the trigger needs 50 tanks hit, at least 50 tanks");
  expect_error(study(R"({"layout": {"units": [[0, 0], [100, 0]]}})"), "at least 3 macro-units");
  // Outside the site.
  expect_error(study(R"({"unit": "tank", "site": [[-100, -100], [100, -100], [100, 100], [-100, 100]],
                         "layout": {"generator": {"shape": "hexagonal", "units": 61, "spacing_m": 30}}})"),
               "is outside the site");
  // A layout file with a malformed line.
  const fs::path file = fs::temp_directory_path() / ("detgrad_swgo_layout_" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(file);
    for (int i = 0; i < 55; ++i) out << i << ' ' << 10 * i << " 0\n";
    out << "55 550 zero\n";
  }
  expect_error(study(R"({"unit": "tank", "layout": {"file": ")" + file.string() + R"("}})"),
               file.string() + ":56: \"zero\" is not a number");
  fs::remove(file);
}

TEST(SwgoJson, TheCommandsRefuseABadStudyAndWriteNothing) {
  const fs::path dir = fs::temp_directory_path() / ("detgrad_swgo_json_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path path = dir / "bad.json";
  std::ofstream(path) << study(R"({"unit": "tank", "layout": {"generator": {"shape": "hexagonal", "units": 20}}})").dump();
  EXPECT_EQ(run_cli({"validate", path.string()}), 2);
  EXPECT_EQ(run_cli({"simulate", path.string(), "--out", (dir / "run").string()}), 2);
  EXPECT_FALSE(fs::exists(dir / "run"));
  // The task is found by its section, without a "task" key.
  nlohmann::json j = study(kGood);
  j.erase("task");
  EXPECT_NE(tasks::read_task_study(j), nullptr);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace detgrad::swgo
