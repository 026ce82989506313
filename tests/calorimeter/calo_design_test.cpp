// The calorimeter task's design description, cost and depth projection: flatten/unflatten
// round-trip, names, groups and bounds, the projection keeps boxes and the depth limit and is
// the nearest such point, the cost's gradient against central differences, the layout file
// read back, and the cost/design study keys' bad inputs (StudyError naming the path).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_design.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/calo_config_file.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {
namespace {

using Json = nlohmann::json;

Json config(const std::string& name) { return test::config_file(name); }

// 2 x [lead, scintillator] then a trailing 1 cm iron slab.
CaloStudyConfig mixed_study() {
  Json j = config("default.json");
  j["calorimeter"]["layers"] = Json::array({Json{{"repeat", 2},
                                                 {"slabs", Json::array({Json{{"material", "lead"}, {"thickness_m", 0.004}},
                                                                        Json{{"material", "polystyrene"},
                                                                             {"thickness_m", 0.003},
                                                                             {"active", true}}})}},
                                            Json{{"material", "iron"}, {"thickness_m", 0.01}}});
  return read_calo_study(j);
}

TEST(CaloDesign, FlattenUnflattenRoundTripsAndDescribes) {
  const CaloStudyConfig s = mixed_study();
  const std::vector<double> x0 = flatten(s);
  ASSERT_EQ(x0, (std::vector<double>{0.004, 0.003, 0.004, 0.003, 0.01}));
  const std::vector<double> x = {0.0041, 0.0029, 0.0035, 0.0033, 0.008};
  const CaloStudyConfig u = unflatten(s, x);
  EXPECT_EQ(flatten(u), x);
  EXPECT_EQ(u.layers.size(), 5u);
  EXPECT_EQ(u.layers[3].slabs[0].material, "polystyrene");
  EXPECT_TRUE(u.layers[3].slabs[0].active);
  EXPECT_EQ(flatten(unflatten(s, x0)), x0);
  EXPECT_EQ(calo_design(unflatten(s, x0)).names(), calo_design(s).names());

  const optimize::DesignDescription d = calo_design(s);
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d.parameters[1].name, "slab1.thickness_m");
  EXPECT_EQ(d.parameters[1].group, "active_thickness");
  EXPECT_EQ(d.parameters[4].group, "absorber_thickness");
  EXPECT_EQ(d.parameters[4].unit, "m");
  EXPECT_DOUBLE_EQ(d.parameters[0].lower, 0.7 * 0.004);
  EXPECT_DOUBLE_EQ(d.parameters[0].upper, 1.4 * 0.004);
  ASSERT_EQ(d.constraints.size(), 1u);
  EXPECT_DOUBLE_EQ(d.constraints[0].values[0].second, 0.024);
  EXPECT_DOUBLE_EQ(depth_limit_m(s), 0.024);
}

TEST(CaloDesign, ProjectionKeepsBoxesAndDepthAndIsNearest) {
  const std::vector<double> lower = {1, 1, 1, 1}, upper = {4, 4, 4, 2};
  std::vector<double> x = {3.5, 0.5, 5.0, 1.9};  // clamps to 3.5 1 4 1.9 = 10.4
  const std::vector<double> ones(4, 1.0);
  project_depth(x, lower, upper, ones, 8.0);
  EXPECT_NEAR(std::accumulate(x.begin(), x.end(), 0.0), 8.0, 1e-12);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_GE(x[i], lower[i]);
    EXPECT_LE(x[i], upper[i]);
  }
  // The Euclidean projection moves every entry off its bounds by the same amount (lambda =
  // 1.25: 2.25 + 1 + 3.75 + 1 = 8, entries 1 and 3 at their lower bounds).
  EXPECT_NEAR(x[0], 2.25, 1e-12);
  EXPECT_NEAR(x[2], 3.75, 1e-12);
  EXPECT_DOUBLE_EQ(x[1], 1.0);
  EXPECT_DOUBLE_EQ(x[3], 1.0);
  // Inside the limit: only the boxes.
  std::vector<double> y = {3.0, 0.5, 2.0, 3.0};
  project_depth(y, lower, upper, ones, 100.0);
  EXPECT_EQ(y, (std::vector<double>{3.0, 1.0, 2.0, 2.0}));
  // Weighted (a group's thickness counted once per repeat): x_i - lambda w_i.
  std::vector<double> z = {3.0, 3.0};
  project_depth(z, {0.0, 0.0}, {10.0, 10.0}, {1.0, 3.0}, 8.0);  // 3 + 3 x 3 = 12 > 8: lambda = 0.4
  EXPECT_NEAR(z[0], 2.6, 1e-12);
  EXPECT_NEAR(z[1], 1.8, 1e-12);
  EXPECT_NEAR(z[0] + 3 * z[1], 8.0, 1e-12);
}

TEST(CaloDesign, GroupParametersSetEveryRepeat) {
  CaloStudyConfig s = mixed_study();
  s.design.parameters = "groups";
  const optimize::DesignDescription d = calo_design(s);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.names(), (std::vector<std::string>{"layer0.slab0.thickness_m", "layer0.slab1.thickness_m",
                                                 "layer1.slab0.thickness_m"}));
  EXPECT_EQ(d.parameters[1].group, "active_thickness");
  const SlabMap m = slab_map(s);
  EXPECT_EQ(m.parameter_of_slab, (std::vector<std::size_t>{0, 1, 0, 1, 2}));
  EXPECT_EQ(m.slabs_of_parameter, (std::vector<double>{2, 2, 1}));
  EXPECT_EQ(design_initial(s), (std::vector<double>{0.004, 0.003, 0.01}));
  EXPECT_EQ(slab_thicknesses(m, {0.005, 0.002, 0.02}), (std::vector<double>{0.005, 0.002, 0.005, 0.002, 0.02}));
  std::vector<double> g(3, 0.0);
  add_design_gradient(m, {1, 2, 3, 4, 5}, g);
  EXPECT_EQ(g, (std::vector<double>{4, 6, 5}));
  // Slab mode: one parameter per slab, the identity map.
  const SlabMap identity = slab_map(mixed_study());
  EXPECT_EQ(identity.parameter_of_slab, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(design_initial(mixed_study()), flatten(mixed_study()));
}

TEST(CaloDesign, CostAndItsGradient) {
  CaloStudyConfig s = mixed_study();
  s.cost.material_per_m3["iron"] = 5.0;
  const std::vector<double> x = flatten(s);
  std::vector<double> g(x.size(), 0.0);
  const double c = stack_cost(s, x, &g);
  const double area = 4 * 0.06 * 0.06;
  EXPECT_NEAR(c, area * (2 * 0.004 * 30 + 2 * 0.003 * 20 + 0.01 * 5) + 2 * 0.1, 1e-12);
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::vector<double> up = x, down = x;
    up[i] += 1e-5;
    down[i] -= 1e-5;
    EXPECT_NEAR(g[i], (stack_cost(s, up, nullptr) - stack_cost(s, down, nullptr)) / 2e-5, 1e-8);
  }
  EXPECT_DOUBLE_EQ(stack_budget(s), c);
  double d = 0;
  EXPECT_NEAR(stack_budget_term(s.cost, c, 1.1 * c, &d), 0.01 * s.cost.budget_coefficient, 1e-14);
  EXPECT_NEAR(d, 2 * 0.1 / c, 1e-12);
}

TEST(CaloDesign, LayoutReadsBackAndBadLayoutsFail) {
  const CaloStudyConfig s = mixed_study();
  const std::vector<double> x = {0.0041, 0.0029, 0.0035, 0.0033, 0.008};
  const Json l = layout_json(s, x, 1.0);
  EXPECT_EQ(read_layout(s, l, "l.json"), x);
  Json bad = l;
  bad["slabs"].erase(0);
  EXPECT_THROW(read_layout(s, bad, "l.json"), StudyError);
  bad = l;
  bad["slabs"][1]["material"] = "lead";
  EXPECT_THROW(read_layout(s, bad, "l.json"), StudyError);
  bad = l;
  bad["slabs"][2]["thickness_m"] = -0.001;
  EXPECT_THROW(read_layout(s, bad, "l.json"), StudyError);
  bad = l;
  bad["slabs"][2].erase("thickness_m");
  try {
    read_layout(s, bad, "l.json");
    ADD_FAILURE() << "no error";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), "l.json");
  }
}

void expect_error(const Json& study, const std::string& path) {
  try {
    read_calo_study(study);
    ADD_FAILURE() << "no error, expected one at " << path;
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
  }
}

TEST(CaloDesign, CostAndDesignKeysBadInput) {
  const Json base = config("default.json");
  Json s = base;
  s["calorimeter"]["cost"]["absorber_per_m3"] = -1.0;
  expect_error(s, "calorimeter.cost.absorber_per_m3");
  s = base;
  s["calorimeter"]["cost"]["material_per_m3"] = {{"unobtainium", 1.0}};
  expect_error(s, "calorimeter.cost.material_per_m3.unobtainium");
  s = base;
  s["calorimeter"]["cost"]["channels_per_layer"] = 0;
  expect_error(s, "calorimeter.cost.channels_per_layer");
  s = base;
  s["calorimeter"]["cost"] = {{"absorber_per_m3", 0.0}, {"active_per_m3", 0.0}, {"per_channel", 0.0}};
  expect_error(s, "calorimeter.cost");
  s = base;
  s["calorimeter"]["design"]["min_scale"] = 0.0;
  expect_error(s, "calorimeter.design.min_scale");
  s = base;
  s["calorimeter"]["design"]["max_scale"] = 0.9;
  expect_error(s, "calorimeter.design.max_scale");
  s = base;
  s["calorimeter"]["design"]["max_depth_m"] = 0.01;  // the stack is 16 cm; 0.7 x 16 cm = 11.2 cm
  expect_error(s, "calorimeter.design.max_depth_m");
  s = base;
  s["calorimeter"]["design"]["depth"] = 1.0;
  expect_error(s, "calorimeter.design.depth");
  s = base;
  s["calorimeter"]["design"]["parameters"] = "layers";
  expect_error(s, "calorimeter.design.parameters");
  s = base;
  s["calorimeter"]["design"]["recalibrate_every"] = -1;
  expect_error(s, "calorimeter.design.recalibrate_every");
}

}  // namespace
}  // namespace detgrad::calorimeter
