#include "swgo/layout_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "detgrad/core/error.hpp"
#include "detgrad/swgo/constants.hpp"
#include "swgo/layout_constraints.hpp"
#include "swgo/swgo_data.hpp"

namespace detgrad::swgo {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_layout_text(text, "layout.txt");
  } catch (const StudyError& e) {
    return e.what();
  }
  return "no error";
}

TEST(LayoutFile, ReadsBothFormats) {
  const Layout a = parse_layout_text("# comment\n1.5 -2\n\n3 4e1\n", "a.txt");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.x[0], 1.5);
  EXPECT_EQ(a.y[0], -2.0);
  EXPECT_EQ(a.y[1], 40.0);
  const Layout b = parse_layout_text("0 10 20\n1 -5 6\n", "b.txt");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.x[1], -5.0);
  EXPECT_EQ(b.y[1], 6.0);
}

TEST(LayoutFile, MalformedLinesNameFileAndLine) {
  EXPECT_NE(error_of("1 2\n3 x\n").find("layout.txt:2: \"x\" is not a number"), std::string::npos)
      << error_of("1 2\n3 x\n");
  EXPECT_NE(error_of("1 2\n\n3\n").find("layout.txt:3: expected \"x y\" or \"index x y\""), std::string::npos);
  EXPECT_NE(error_of("0 1 2\n3 4\n").find("layout.txt:2: expected 3 fields"), std::string::npos);
  EXPECT_NE(error_of("1 nan\n").find("layout.txt:1: \"nan\" is not a finite number"), std::string::npos);
  EXPECT_NE(error_of("# only a comment\n").find("no units"), std::string::npos);
  EXPECT_THROW(read_layout_file("/nonexistent/layout.txt"), StudyError);
}

// A line longer than 1 KiB (a reference layout's are some 40 bytes) or a file over 16 MiB.
TEST(LayoutFile, LimitsOfLineAndSize) {
  EXPECT_NE(error_of("1 2\n3 " + std::string(1100, '4') + "\n").find("layout.txt:2: line longer than the limit of 1 KiB"),
            std::string::npos);
  EXPECT_NE(error_of(std::string((16u << 20) + 1, '\n')).find("layout.txt: larger than the limit of 16 MiB"),
            std::string::npos);
}

// The SWGO reference layouts pack tanks closer than the optimiser's least distance
// (2 x 1.91 + 0.6 m): their closest pairs are 4.07 m (A1, B1) and 5.54 m (D1) apart, so the
// tanks do not overlap (2 x 1.91 m) but studies that evaluate them set a smaller least distance.
TEST(LayoutFile, ReferenceLayoutsHaveNoOverlappingTanks) {
  const struct {
    const char* name;
    std::size_t tanks;
    double closest_m;
  } layouts[] = {{"A1", 6589, 4.0672}, {"B1", 4849, 4.0672}, {"D1", 3805, 5.5365}};
  for (const auto& l : layouts) {
    const Layout layout = read_layout_file(test::swgo_data_dir() / "layouts" / (std::string(l.name) + ".txt"));
    EXPECT_EQ(layout.size(), l.tanks) << l.name;
    EXPECT_FALSE(find_close_pair(layout, l.closest_m).has_value()) << l.name;
    EXPECT_TRUE(find_close_pair(layout, l.closest_m + 1e-4).has_value()) << l.name;
    EXPECT_GT(l.closest_m, 2.0 * kTankRadius_m);
  }
}

}  // namespace
}  // namespace detgrad::swgo
