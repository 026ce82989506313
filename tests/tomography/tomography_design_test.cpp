// The tomography design's one description: the panel's seven fields in their packing
// (names as in history.csv, units, groups, bounds), the design vector's round trip through
// the panels, the layout file's round trip, and the constraints as data.
#include "tomography/tomography_design.hpp"

#include <gtest/gtest.h>

#include "detgrad/core/error.hpp"
#include "tomography/support/tomography_study.hpp"
#include "tomography/tomography_layout.hpp"
#include "tomography/tomography_optimization.hpp"

namespace detgrad::tomography {
namespace {

TEST(TomographyDesign, NamesUnitsGroupsAndBoundsOfEveryPanelField) {
  const TomographyModel model(test::hello_world_tomography(1));
  const optimize::DesignDescription d = tomography_design(model);
  ASSERT_EQ(d.size(), 8u * 7u);
  const std::vector<std::string> first = {"above_0.z_m",      "above_0.x_m",     "above_0.y_m",
                                          "above_0.span_x_m", "above_0.span_y_m", "above_0.sigma_m",
                                          "above_0.efficiency"};
  for (std::size_t k = 0; k < first.size(); ++k) EXPECT_EQ(d.parameters[k].name, first[k]);
  EXPECT_EQ(d.parameters[7 * 5 + 3].name, "below_1.span_x_m");
  EXPECT_EQ(d.parameters[7 * 5 + 3].group, "panel_span");
  EXPECT_EQ(d.parameters[7 * 5 + 6].unit, "1");
  // hello_world: volume z in [0.2, 0.8] m, footprint [0, 1] m.
  EXPECT_DOUBLE_EQ(d.parameters[0].lower, 0.8);
  EXPECT_DOUBLE_EQ(d.parameters[0].upper, 1.8);
  EXPECT_DOUBLE_EQ(d.parameters[7 * 4].lower, -0.8);
  EXPECT_DOUBLE_EQ(d.parameters[7 * 4].upper, 0.2);
  EXPECT_DOUBLE_EQ(d.parameters[1].lower, -1.0);
  EXPECT_DOUBLE_EQ(d.parameters[5].lower, 1e-5);
  std::vector<std::string> groups;
  for (const optimize::GroupSettings& g : d.groups) groups.push_back(g.group);
  EXPECT_EQ(groups, (std::vector<std::string>{"panel_z", "panel_xy", "panel_span", "panel_sigma", "panel_efficiency"}));
  // The optimiser's view and the model's names are the description's.
  EXPECT_EQ(model.parameter_names(), d.names());
  EXPECT_EQ(TomographyOptimization(test::hello_world_tomography(1), Backend::cpu).design().names(), d.names());
  // One ordering constraint per side, on the panels' z.
  ASSERT_EQ(d.constraints.size(), 2u);
  EXPECT_EQ(d.constraints[1].kind, "ordered_with_gaps");
  EXPECT_EQ(d.constraints[1].parameters, (std::vector<std::size_t>{28, 35, 42, 49}));
}

TEST(TomographyDesign, FlattenAndUnflattenFollowThePacking) {
  const TomographyModel model(test::hello_world_tomography(1));
  std::vector<double> v(8 * 7);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.5 + double(i);
  const DesignParams<double> d = model.unflatten(v);
  EXPECT_EQ(d.panel[2].z, v[14]);
  EXPECT_EQ(d.panel[2].x, v[15]);
  EXPECT_EQ(d.panel[2].y, v[16]);
  EXPECT_EQ(d.panel[2].span_x, v[17]);
  EXPECT_EQ(d.panel[2].span_y, v[18]);
  EXPECT_EQ(d.panel[2].sigma, v[19]);
  EXPECT_EQ(d.panel[2].efficiency, v[20]);
  EXPECT_EQ(model.flatten(d), v);
  for (int i = 0; i < 8; ++i)
    for (int k = 0; k < kPanelFields; ++k)
      EXPECT_EQ(panel_field(d.panel[i], k), v[PanelPacking::index(std::size_t(i), k)]);
  EXPECT_THROW(model.unflatten(std::vector<double>(55)), std::invalid_argument);
}

TEST(TomographyDesign, LayoutFileRoundTrip) {
  const TomographyModel model(test::hello_world_tomography(1));
  DesignParams<double> d = model.initial_design();
  d.panel[6].x = 0.4375;
  d.panel[1].sigma = 3e-4;
  const nlohmann::json layout = layout_json(model, d);
  EXPECT_EQ(layout["panels"][6]["name"], "below_2");
  EXPECT_EQ(layout["panels"][6]["centre_m"][0], 0.4375);
  EXPECT_EQ(model.flatten(read_layout(model, layout, "layout.json")), model.flatten(d));
  nlohmann::json missing = layout;
  missing["panels"].erase(3);
  EXPECT_THROW(read_layout(model, missing, "layout.json"), StudyError);
}

}  // namespace
}  // namespace detgrad::tomography
