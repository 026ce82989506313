// The layer-count design (calorimeter.design.parameters "layer_count"): at every layer count
// the two thicknesses keep the study's cost and depth, the study's own count gives back its
// thicknesses, an impossible count and an unusable stack are StudyErrors naming the key, the
// layout file reads back, and optimize/gradcheck are refused.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_design.hpp"
#include "calorimeter/calo_study.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/layer_count_scan.hpp"
#include "calorimeter/calo_config_file.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {
namespace {

using Json = nlohmann::json;

Json config(const std::string& name) { return test::config_file(name); }

double depth_of(const CaloStudyConfig& s) {
  const std::vector<double> x = flatten(s);
  return std::accumulate(x.begin(), x.end(), 0.0);
}

TEST(LayerCountScan, EveryCountKeepsCostAndDepth) {
  const CaloStudyConfig s = read_calo_study(config("lhcb_ecal_layer_scan.json"));
  const double cost = stack_cost(s, flatten(s), nullptr);
  const double depth = depth_of(s);
  const LayerCountLayout own = equal_budget_layers(s, 66);
  EXPECT_NEAR(own.absorber_m, 0.002, 1e-12);
  EXPECT_NEAR(own.active_m, 0.004, 1e-12);
  double previous_absorber = 1.0;
  for (int n : {46, 50, 60, 70, 80}) {
    const LayerCountLayout l = equal_budget_layers(s, n);
    const CaloStudyConfig u = with_layer_count(s, l);
    EXPECT_EQ(flatten(u).size(), std::size_t(2 * n));
    EXPECT_NEAR(stack_cost(u, flatten(u), nullptr), cost, 1e-12 * cost) << n;
    EXPECT_NEAR(depth_of(u), depth, 1e-12 * depth) << n;
    // Every layer's read-out costs: more layers leave less money for the dearer absorber.
    EXPECT_LT(n * l.absorber_m, previous_absorber) << n;
    previous_absorber = n * l.absorber_m;
  }
  try {
    equal_budget_layers(s, 90);
    ADD_FAILURE() << "90 layers fit the budget";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "calorimeter.design.parameters");
    EXPECT_NE(std::string(e.what()).find("no such stack"), std::string::npos) << e.what();
  }
}

TEST(LayerCountScan, WithoutChannelCostTheMaterialIsShared) {
  Json j = config("lhcb_ecal_layer_scan.json");
  j["calorimeter"]["cost"]["per_channel"] = 0.0;
  const CaloStudyConfig s = read_calo_study(j);
  for (int n : {33, 132}) {
    const LayerCountLayout l = equal_budget_layers(s, n);
    EXPECT_NEAR(n * l.absorber_m, 66 * 0.002, 1e-12) << n;
    EXPECT_NEAR(n * l.active_m, 66 * 0.004, 1e-12) << n;
  }
}

TEST(LayerCountScan, LayoutReadsBackAndGradientsAreRefused) {
  const CaloStudyConfig s = read_calo_study(config("lhcb_ecal_layer_scan.json"));
  const LayerCountScan scan(s);
  const optimize::DesignDescription d = scan.design();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.parameters[0].name, "layers");
  EXPECT_EQ(scan.initial(), std::vector<double>{66.0});
  const Json layout = scan.layout({54.4});  // rounded to 54 layers
  EXPECT_EQ(layout.at("layer_count").get<int>(), 54);
  EXPECT_EQ(scan.read_layout(layout, "f.json"), std::vector<double>{54.0});
  const LayerCountLayout back = read_layer_count_layout(s, layout, "f.json");
  const LayerCountLayout want = equal_budget_layers(s, 54);
  EXPECT_DOUBLE_EQ(back.absorber_m, want.absorber_m);
  EXPECT_DOUBLE_EQ(back.active_m, want.active_m);
  EXPECT_NEAR(layout.at("cost").get<double>(), stack_budget(s), 1e-12 * stack_budget(s));

  Json wrong = layout;
  wrong["slabs"][0]["material"] = "tungsten";
  EXPECT_THROW(read_layer_count_layout(s, wrong, "f.json"), StudyError);
  wrong = layout;
  wrong["layer_count"] = 0;
  EXPECT_THROW(read_layer_count_layout(s, wrong, "f.json"), StudyError);

  EXPECT_THROW(scan.evaluate({66.0}, 0, 10), StudyError);
  const CaloStudy study(s);
  try {
    study.gradient_problem(10);
    ADD_FAILURE() << "gradcheck accepted a layer count";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "calorimeter.design.parameters");
  }
}

TEST(LayerCountScan, UnusableStacksAreRefused) {
  Json j = config("lhcb_ecal_layer_scan.json");
  j["calorimeter"]["layers"].push_back(Json{{"material", "iron"}, {"thickness_m", 0.01}});
  try {
    read_calo_study(j);
    ADD_FAILURE() << "two groups accepted";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "calorimeter.design.parameters");
    EXPECT_NE(std::string(e.what()).find("one repeated group"), std::string::npos) << e.what();
  }
  j = config("lhcb_ecal_layer_scan.json");
  j["calorimeter"]["cost"]["active_per_m3"] = 30.0;
  try {
    read_calo_study(j);
    ADD_FAILURE() << "equal prices accepted";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "calorimeter.design.parameters");
    EXPECT_NE(std::string(e.what()).find("different prices"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
