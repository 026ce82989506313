// The SWGO design's one description: units' x and y packed unit-major (names as in
// history.csv), the design vector's round trip through a layout, the layout file's one
// reader and writer, and the constraint as data.
#include "swgo/swgo_design.hpp"

#include <gtest/gtest.h>

#include "detgrad/core/error.hpp"
#include "swgo/layout_json.hpp"

namespace detgrad::swgo {
namespace {

TEST(SwgoDesign, NamesGroupsAndConstraint) {
  SwgoConfig c;
  c.unit = UnitKind::macro_unit;
  const optimize::DesignDescription d = swgo_design(c, 3);
  EXPECT_EQ(d.names(), (std::vector<std::string>{"unit[0].x", "unit[0].y", "unit[1].x", "unit[1].y", "unit[2].x",
                                                 "unit[2].y"}));
  EXPECT_EQ(d.parameters[3].unit, "m");
  EXPECT_EQ(d.parameters[3].group, "unit_xy");
  ASSERT_EQ(d.groups.size(), 1u);
  EXPECT_EQ(d.groups[0].step_size, 2.0);
  ASSERT_EQ(d.constraints.size(), 1u);
  EXPECT_EQ(d.constraints[0].kind, "points_apart");
  EXPECT_EQ(d.constraints[0].values[0].second, c.least_distance());
  c.site = {{-200, -200}, {200, -200}, {200, 200}};
  EXPECT_EQ(swgo_design(c, 3).constraints[0].kind, "points_inside_and_apart");
}

TEST(SwgoDesign, DesignVectorAndLayoutRoundTrip) {
  const std::vector<double> x = {1.5, -2.5, 3.5, -4.5, 5.5, -6.5};
  const Layout l = layout_of(x);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l.x[1], 3.5);
  EXPECT_EQ(l.y[2], -6.5);
  EXPECT_EQ(parameters_of(l), x);
}

TEST(SwgoDesign, LayoutFileRoundTripAndErrors) {
  Layout l;
  l.add(0.25, -1e3);
  l.add(12.0, 7.125);
  const nlohmann::json j = layout_json(l);
  EXPECT_EQ(j.dump(), R"({"units":[[0.25,-1000.0],[12.0,7.125]]})");
  const Layout back = read_layout_json(j, "layout.json");
  EXPECT_EQ(back.x, l.x);
  EXPECT_EQ(back.y, l.y);
  try {
    read_layout_json(nlohmann::json::parse(R"({"units": [[0, 0], [1, "a"]]})"), "layout.json");
    FAIL() << "a non-number was accepted";
  } catch (const StudyError& e) {
    EXPECT_NE(std::string(e.what()).find("layout.json: units[1][1]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_layout_json(nlohmann::json::parse(R"({"unit": []})"), "layout.json"), StudyError);
  EXPECT_THROW(read_layout_json(nlohmann::json::parse(R"({"units": [[0, 0, 1]]})"), "layout.json"), StudyError);
}

}  // namespace
}  // namespace detgrad::swgo
