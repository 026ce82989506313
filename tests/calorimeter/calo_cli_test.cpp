// The calorimeter task through the commands: validate, simulate (showers.csv, profile.csv,
// resolution.csv), evaluate, gradcheck (the optimisation loss's adjoint), a short optimize
// (history, layouts, the particle-level evaluation of the initial and final layouts; the
// loss falls), evaluate --layout of the final layout, a scan of one slab's thickness and one
// of a group's absorber thickness; a scan of the layer count at equal cost and depth;
// a bad study exits with 2 and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/task_cli_fixture.hpp"

namespace detgrad::calorimeter {
namespace {

namespace fs = std::filesystem;

class CaloCli : public test::TaskCliTest {
 protected:
  CaloCli() : TaskCliTest("calorimeter") {}
};

using test::count_lines;

TEST_F(CaloCli, SimulateAndEvaluate) {
  nlohmann::json s = default_study();
  s["save_showers"] = 5;
  const std::string study = write(s, "study.json").string();
  EXPECT_EQ(cli({"validate", study}), 0);
  const fs::path sim = dir_ / "sim";
  ASSERT_EQ(cli({"simulate", study, "--out", sim.string(), "--events", "20"}), 0);
  EXPECT_EQ(count_lines(sim / "showers.csv"), 1u + 3 * 5);   // header, 5 showers at each of 3 energies
  EXPECT_EQ(count_lines(sim / "resolution.csv"), 1u + 3);
  EXPECT_EQ(count_lines(sim / "profile.csv"), 1u + 3 * 20);  // 20 active layers
  EXPECT_FALSE(fs::exists(sim / "cells.csv"));               // no cells asked for
  EXPECT_EQ(cli({"evaluate", study, "--events", "20"}), 0);
  EXPECT_EQ(cli({"gradcheck", study}), 0);
  // Transverse cells: the mean map per energy and the saved showers' cells.
  s["calorimeter"]["cell_size_m"] = 0.04;  // 3 x 3 across 12 cm
  const std::string cells = write(s, "cells.json").string();
  const fs::path sim_cells = dir_ / "sim-cells";
  ASSERT_EQ(cli({"simulate", cells, "--out", sim_cells.string(), "--events", "10", "--backend", "cpu"}), 0);
  EXPECT_EQ(count_lines(sim_cells / "cells.csv"), 1u + 3 * 9);
  EXPECT_GT(count_lines(sim_cells / "shower_cells.csv"), 1u + 3 * 5);  // every saved shower has energy in a cell
  // auto: CUDA where there is a device, else the CPU (with the engine's message).
  EXPECT_EQ(cli({"evaluate", study, "--events", "10", "--backend", "auto"}), 0);
  const fs::path sim2 = dir_ / "sim-auto";
  ASSERT_EQ(cli({"simulate", study, "--out", sim2.string(), "--events", "10", "--backend", "auto"}), 0);
  EXPECT_EQ(count_lines(sim2 / "resolution.csv"), 1u + 3);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::istringstream in(line); std::getline(in, cell, ',');) out.push_back(cell);
  return out;
}

TEST_F(CaloCli, OptimizeEvaluateLayoutAndScan) {
  nlohmann::json s = default_study();  // a tiny study: 6 x [lead, scintillator], 1 and 2 GeV, 40 showers
  s["showers"] = 40;
  s["save_showers"] = 2;
  s["calorimeter"]["layers"][0]["repeat"] = 6;
  s["calorimeter"]["source"]["energies_GeV"] = {1.0, 2.0};
  s["optimization"] = {{"steps", 3}, {"events_per_step", 40}, {"evaluation_events", 20}};
  const std::string study = write(s, "study.json").string();
  const fs::path run = dir_ / "run";
  ASSERT_EQ(cli({"optimize", study, "--out", run.string()}), 0);
  for (const char* f : {"history.csv", "timing.csv", "layout_final.json", "evaluation.json", "study.json"})
    EXPECT_TRUE(fs::exists(run / f)) << f;
  ASSERT_EQ(count_lines(run / "history.csv"), 4u);  // header and 3 steps
  std::ifstream history(run / "history.csv");
  std::string header, first, last;
  std::getline(history, header);
  std::getline(history, first);
  for (std::string line; std::getline(history, line);) last = line;
  const std::vector<std::string> names = split(header);
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names[1], "loss");
  for (const char* column : {"loss_resolution", "loss_budget", "cost", "depth_m", "resolution_1GeV", "resolution_2GeV",
                             "slab0.thickness_m", "grad_slab11.thickness_m", "rate_absorber_thickness",
                             "rate_active_thickness"})
    EXPECT_NE(std::find(names.begin(), names.end(), column), names.end()) << column;
  EXPECT_LT(std::stod(split(last)[1]), std::stod(split(first)[1]));  // the loss falls
  std::ifstream layout_in(run / "layout_final.json");
  const nlohmann::json layout = nlohmann::json::parse(layout_in);
  EXPECT_EQ(layout.at("slabs").size(), 12u);
  EXPECT_LE(layout.at("depth_m").get<double>(), 6 * 0.008 * (1 + 1e-12));  // the depth limit: the study's own
  std::ifstream evaluation_in(run / "evaluation.json");
  const nlohmann::json evaluation = nlohmann::json::parse(evaluation_in);
  EXPECT_TRUE(evaluation.at("initial").contains("rms_relative_resolution"));
  EXPECT_TRUE(evaluation.at("final").contains("cost"));
  // The longitudinal profile at particle level: every active layer's depth and mean deposit.
  EXPECT_EQ(evaluation.at("final").at("layer_depth_X0").size(), 6u);
  EXPECT_EQ(evaluation.at("initial").at("energies")[0].at("profile_GeV").size(), 6u);
  // Where the plots were made (python3-matplotlib), the profile and resolution plots are among them.
  if (fs::exists(run / "plots" / "stack.png")) {
    EXPECT_TRUE(fs::exists(run / "plots" / "profile.png"));
    EXPECT_TRUE(fs::exists(run / "plots" / "energy_resolution.png"));
  }

  EXPECT_EQ(cli({"evaluate", study, "--layout", (run / "layout_final.json").string(), "--events", "10"}), 0);
  const fs::path scan = dir_ / "scan";
  ASSERT_EQ(cli({"scan", study, "--param", "slab0.thickness_m=0.003:0.005:2", "--events", "10", "--out", scan.string()}), 0);
  EXPECT_EQ(count_lines(scan / "scan.csv"), 3u);
  // With one parameter per slab of a group, a scan moves every repeat's absorber.
  s["calorimeter"]["design"] = {{"parameters", "groups"}};
  const std::string groups = write(s, "groups.json").string();
  const fs::path scan2 = dir_ / "scan2";
  ASSERT_EQ(cli({"scan", groups, "--param", "layer0.slab0.thickness_m=0.003:0.005:2", "--events", "10", "--out",
                 scan2.string()}), 0);
  std::ifstream scan_json_in(scan2 / "scan.json");
  const nlohmann::json scan_json = nlohmann::json::parse(scan_json_in);
  EXPECT_NEAR(scan_json.at("points")[0].at("evaluation").at("depth_m").get<double>(), 6 * (0.003 + 0.004), 1e-12);
  // A layout that does not fit the study: exit 2.
  nlohmann::json bad = layout;
  bad["slabs"].erase(0);
  EXPECT_EQ(cli({"evaluate", study, "--layout", write(bad, "bad_layout.json").string(), "--events", "10"}), 2);
}

TEST_F(CaloCli, EvaluateReportsPhotonElectronSeparation) {
  nlohmann::json s = default_study();
  s["calorimeter"]["source"]["energies_GeV"] = {1.0};
  s["calorimeter"]["photon_electron_separation"] = true;
  const std::string study = write(s, "separation.json").string();
  const fs::path json = dir_ / "evaluation.json";
  ASSERT_EQ(cli({"evaluate", study, "--events", "40", "--json", json.string()}), 0);
  std::ifstream in(json);
  const nlohmann::json e = nlohmann::json::parse(in);
  ASSERT_TRUE(e.contains("photon_electron_separation")) << e.dump();
  const nlohmann::json* sep = &e.at("photon_electron_separation");
  ASSERT_EQ(sep->size(), 1u);
  const double misid = (*sep)[0].at("electron_misidentification_at_90_photon_efficiency").get<double>();
  EXPECT_GE(misid, 0.0);
  EXPECT_LE(misid, 1.0);
  EXPECT_GT((*sep)[0].at("photon_depth_X0").get<double>(), 0.0);
}

TEST_F(CaloCli, LayerCountScanAtEqualBudget) {
  nlohmann::json s = default_study();  // 6 x [lead, scintillator] with a per-layer cost
  s["save_showers"] = 2;
  s["calorimeter"]["layers"][0]["repeat"] = 6;
  s["calorimeter"]["source"]["energies_GeV"] = {1.0};
  s["calorimeter"]["cost"] = {{"per_channel", 0.001}};
  s["calorimeter"]["design"] = {{"parameters", "layer_count"}};
  const std::string study = write(s, "layers.json").string();
  const fs::path scan = dir_ / "scan";
  ASSERT_EQ(cli({"scan", study, "--param", "layers=5:7:3", "--events", "10", "--out", scan.string()}), 0);
  std::ifstream in(scan / "scan.json");
  const nlohmann::json points = nlohmann::json::parse(in).at("points");
  ASSERT_EQ(points.size(), 3u);
  const double cost = points[1].at("evaluation").at("cost").get<double>();
  for (const nlohmann::json& p : points) {
    EXPECT_NEAR(p.at("evaluation").at("depth_m").get<double>(), 6 * 0.008, 1e-12);
    EXPECT_NEAR(p.at("evaluation").at("cost").get<double>(), cost, 1e-12 * cost);
  }
  // A whole number of layers has no gradient: exit 2.
  EXPECT_EQ(cli({"gradcheck", study}), 2);
  // More layers than the budget pays for: exit 2 naming the key.
  EXPECT_EQ(cli({"scan", study, "--param", "layers=40:40:1", "--events", "10", "--out", (dir_ / "scan2").string()}), 2);
}

TEST_F(CaloCli, BadStudyExitsWithTwoAndWritesNothing) {
  nlohmann::json s = default_study();
  s["calorimeter"]["layers"][0]["slabs"][0]["thickness_m"] = -0.004;
  const fs::path out = dir_ / "bad";
  EXPECT_EQ(cli({"simulate", write(s, "bad.json").string(), "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
  s = default_study();
  s["calorimeter"]["layers"][0]["slabs"][1]["material"] = "kryptonite";
  EXPECT_EQ(cli({"simulate", write(s, "bad2.json").string(), "--out", out.string()}), 2);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace detgrad::calorimeter
