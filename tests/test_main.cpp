// Shared main of every test executable: a test program that runs zero tests fails, so a
// filter typo or an empty file cannot pass silently.
#include <gtest/gtest.h>

#include <cstdio>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const int rc = RUN_ALL_TESTS();
  const auto* unit = ::testing::UnitTest::GetInstance();
  if (unit->test_to_run_count() == 0) {
    std::fprintf(stderr, "error: this test program ran zero tests\n");
    return 1;
  }
  return rc;
}
