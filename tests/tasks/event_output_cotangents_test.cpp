// gather_cotangents: the named columns land in their group's event-major block (absent ones
// stay 0), and an unknown name or a column of the wrong size is refused with a message that
// names it.
#include "tasks/event_output_cotangents.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace detgrad::tasks {
namespace {

const char* const kPerEvent[] = {"a", "b"};
const char* const kPerUnit[] = {"u", "v", "w"};

TEST(GatherCotangents, PutsEveryValueInItsGroupsBlock) {
  EventOutputs c;
  c.events = 2;
  c.names = {"b", "v"};
  c.columns = {{1.0, 2.0}, {10.0, 11.0, 12.0, 13.0, 14.0, 15.0}};  // v: 2 events x 3 units
  const auto blocks = gather_cotangents(c, 2, {{kPerEvent, 2, 1}, {kPerUnit, 3, 3}}, "event");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0], (std::vector<double>{0.0, 1.0, 0.0, 2.0}));
  ASSERT_EQ(blocks[1].size(), 18u);
  for (std::size_t i = 0; i < 6; ++i) {  // (event, unit) pair i: column v is the second of three
    EXPECT_EQ(blocks[1][i * 3 + 0], 0.0);
    EXPECT_EQ(blocks[1][i * 3 + 1], 10.0 + double(i));
    EXPECT_EQ(blocks[1][i * 3 + 2], 0.0);
  }
}

TEST(GatherCotangents, RefusesUnknownNamesAndWrongSizes) {
  EventOutputs c;
  c.names = {"z"};
  c.columns = {{1.0}};
  try {
    gather_cotangents(c, 1, {{kPerEvent, 2, 1}}, "muon");
    FAIL() << "an unknown column was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no per-muon output named \"z\""), std::string::npos) << e.what();
  }
  c.names = {"u"};
  c.columns = {{1.0, 2.0}};
  try {
    gather_cotangents(c, 1, {{kPerEvent, 2, 1}, {kPerUnit, 3, 3}}, "shower");
    FAIL() << "a column of the wrong size was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("has 2 values, not 3 per shower (3)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace detgrad::tasks
