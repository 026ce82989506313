// The optimisation-mode passes' reduction blocks (fisher_passes.hpp): sized to the step, so
// that a step of 2000 showers spreads over every thread, and the same bits on 1 and 2 threads,
// for the passes and for a whole `detgrad optimize` run's history.csv.
#include <gtest/gtest.h>
#include <omp.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/task_cli_fixture.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/fisher_passes.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/swgo_tables.hpp"

namespace detgrad::swgo {
namespace {

TEST(FisherBlocks, SizedToTheStep) {
  EXPECT_EQ(fisher_block_showers(1), 16u);
  EXPECT_EQ(fisher_block_showers(200), 16u);
  EXPECT_EQ(fisher_block_showers(2000), 16u);  // 125 blocks (one block of 2048 before)
  EXPECT_EQ(fisher_block_showers(4095), 32u);
  EXPECT_EQ(fisher_block_showers(4096), 64u);
  EXPECT_EQ(fisher_block_showers(std::uint64_t(1) << 30), 2048u);
  for (std::uint64_t n : {1024u, 2000u, 5000u, 100000u, 1000000u}) {
    const std::uint64_t b = fisher_block_showers(n);
    EXPECT_GE((n + b - 1) / b, 64u) << n;
    if (b < 2048) {
      EXPECT_LT(n / b, 128u) << n;  // blocks stay large enough for their row's sum
    }
  }
}

// One thread against two: bitwise the same utility and gradient, with several blocks.
TEST(FisherBlocks, SameBitsOnOneAndTwoThreads) {
  LayoutGenerator g;
  g.shape = LayoutShape::hexagonal;
  g.units = 61;
  g.spacing_m = 15.0;
  const Layout layout = generate_layout(g);
  FisherSetup<double> s;
  s.tables = test::swgo_tables();
  s.source = make_shower_source(9, layout.x, layout.y, 200.0);
  s.array = {layout.x.data(), layout.y.data(), int(layout.size()), kTankArea_m2, 1};
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const FisherUtility one = fisher_utility(s, 3, 0, 300, UtilityCoefficients{}, true);
  omp_set_num_threads(2);
  const FisherUtility two = fisher_utility(s, 3, 0, 300, UtilityCoefficients{}, true);
  omp_set_num_threads(threads);
  ASSERT_GT(one.utility, 0.0);
  EXPECT_EQ(one.utility, two.utility);
  EXPECT_EQ(one.accumulators, two.accumulators);
  ASSERT_EQ(one.gradient.size(), 2 * layout.size());
  EXPECT_EQ(one.gradient, two.gradient);
}

class SwgoCliThreads : public test::TaskCliTest {
 protected:
  SwgoCliThreads() : TaskCliTest("swgo") {}
  std::string history(int threads, const std::filesystem::path& study) {
    omp_set_num_threads(threads);
    const std::filesystem::path out = dir_ / ("run" + std::to_string(threads));
    EXPECT_EQ(cli({"optimize", study.string(), "--out", out.string(), "--backend", "cpu"}), 0);
    std::ifstream in(out / "history.csv");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

// The default study with 200 showers per step (13 blocks): history.csv byte for byte.
TEST_F(SwgoCliThreads, HistoryIsTheSameOnOneAndTwoThreads) {
  std::ifstream in(std::filesystem::path(std::getenv("DETGRAD_SOURCE_DIR")) / "configs" / "swgo" / "default.json");
  nlohmann::json study = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
  study["optimization"]["steps"] = 4;
  study["optimization"]["evaluation_events"] = 0;
  const auto path = write(study, "study.json");
  const int threads = omp_get_max_threads();
  const std::string one = history(1, path), two = history(2, path);
  omp_set_num_threads(threads);
  EXPECT_EQ(test::count_lines(dir_ / "run1" / "history.csv"), 5u);
  EXPECT_EQ(one, two);
}

}  // namespace
}  // namespace detgrad::swgo
