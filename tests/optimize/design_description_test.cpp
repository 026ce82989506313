// The generic part of a design's description: records appended in table order with their
// bounds, names looked up, and history.csv's columns in their fixed order.
#include "optimize/design_description.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace detgrad::optimize {
namespace {

const RecordField kFields[2] = {{"a_m", "m", "first"}, {"b", "1", "second"}};

DesignDescription two_records() {
  DesignDescription d;
  add_records(
      d, 2, kFields, 2, [](std::size_t r) { return "rec" + std::to_string(r); },
      [](std::size_t r, int k) { return Bounds{double(r), double(10 * (k + 1))}; });
  d.groups = {{"first", 0.1}, {"second", 0.2}};
  return d;
}

TEST(DesignDescription, RecordsAreRecordMajorWithTheirFieldsUnitsGroupsAndBounds) {
  const DesignDescription d = two_records();
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d.names(), (std::vector<std::string>{"rec0.a_m", "rec0.b", "rec1.a_m", "rec1.b"}));
  EXPECT_EQ(d.parameters[3].unit, "1");
  EXPECT_EQ(d.parameters[3].group, "second");
  EXPECT_EQ(d.parameters[2].lower, 1.0);
  EXPECT_EQ(d.parameters[3].upper, 20.0);
  EXPECT_EQ(d.index_of("rec1.a_m"), 2u);
  EXPECT_THROW(d.index_of("rec2.a_m"), std::out_of_range);
}

TEST(DesignDescription, HistoryColumnsInTheirOrder) {
  EXPECT_EQ(history_columns(two_records(), {"cost", "extra"}),
            (std::vector<std::string>{"step", "loss", "cost", "extra", "rec0.a_m", "rec0.b", "rec1.a_m", "rec1.b",
                                      "grad_rec0.a_m", "grad_rec0.b", "grad_rec1.a_m", "grad_rec1.b", "rate_first",
                                      "rate_second", "rolled_back"}));
}

}  // namespace
}  // namespace detgrad::optimize
