// The MUonE design's one description: every module's z, offset and resolution, then the
// target's centre and thickness (names as in history.csv, units, groups, bounds), the design
// vector's round trip through the station design, and the layout file's round trip.
#include "muone/muone_design.hpp"

#include <gtest/gtest.h>

#include "muone/muone_model.hpp"

namespace detgrad::muone {
namespace {

MuoneStudyConfig reference_study() {
  MuoneStudyConfig s;
  s.station = reference_station();
  return s;
}

TEST(MuoneDesign, NamesUnitsGroupsAndBounds) {
  const StationConfig station = reference_station();
  const optimize::DesignDescription d = muone_design(station);
  const std::size_t n = station.modules.size();
  ASSERT_EQ(n, 12u);
  ASSERT_EQ(d.size(), 3 * n + 2);
  EXPECT_EQ(d.parameters[0].name, "in_x0.z_m");
  EXPECT_EQ(d.parameters[1].name, "in_x0.offset_m");
  EXPECT_EQ(d.parameters[2].name, "in_x0.sigma_m");
  EXPECT_EQ(d.parameters[3 * 7 + 1].name, "out_y0.offset_m");
  EXPECT_EQ(d.parameters[3 * 7 + 1].group, "module_offset");
  EXPECT_EQ(d.parameters[3 * n].name, "target.z_m");
  EXPECT_EQ(d.parameters[3 * n].group, "target_z");
  EXPECT_EQ(d.parameters[3 * n + 1].name, "target.thickness_m");
  EXPECT_EQ(d.parameters[3 * n + 1].lower, 1e-3);
  EXPECT_EQ(d.parameters[2].upper, 1e-3);
  EXPECT_EQ(d.parameters[0].lower, station.z_start_m + 0.5 * station.modules[0].depth_m);
  ASSERT_EQ(d.groups.size(), 5u);
  EXPECT_TRUE(d.groups[4].frozen);
  EXPECT_EQ(d.groups[4].group, "target_thickness");
  ASSERT_EQ(d.constraints.size(), 1u);
  EXPECT_EQ(d.constraints[0].parameters.size(), n + 2);
  EXPECT_EQ(MuoneModel(reference_study()).design().names(), d.names());
}

TEST(MuoneDesign, FlattenUnflattenAndLayoutRoundTrip) {
  const MuoneModel model(reference_study());
  std::vector<double> x = model.initial();
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += 1e-3 * double(i);
  const StationDesign<double> d = model.unflatten(x);
  EXPECT_EQ(d.module[4].z, x[12]);
  EXPECT_EQ(d.module[4].offset, x[13]);
  EXPECT_EQ(d.module[4].sigma, x[14]);
  EXPECT_EQ(d.target.z, x[36]);
  EXPECT_EQ(d.target.thickness, x[37]);
  EXPECT_EQ(model.flatten(d), x);
  EXPECT_EQ(model.read_layout(model.layout(x), "layout.json"), x);
}

}  // namespace
}  // namespace detgrad::muone
