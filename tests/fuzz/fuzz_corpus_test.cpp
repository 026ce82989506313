// Every fuzz target over its seed corpus (fuzz/corpus/<target>/), in the ordinary test
// suite: the targets keep compiling without libFuzzer, and every seed (configs, layouts,
// checkpoints, and the inputs of past findings) is read or refused as a StudyError, never
// with another exception or a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz_targets.hpp"

namespace detgrad::fuzz {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FuzzCorpus, EveryTargetReadsItsSeeds) {
  ASSERT_EQ(targets().size(), 5u);
  for (const Target& target : targets()) {
    const fs::path folder = fs::path(source_dir()) / "fuzz" / "corpus" / target.name;
    ASSERT_TRUE(fs::is_directory(folder)) << folder;
    std::size_t seeds = 0;
    for (const auto& entry : fs::directory_iterator(folder)) {
      const std::string bytes = read_bytes(entry.path());
      int result = -1;
      EXPECT_NO_THROW(result = target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()))
          << target.name << ": " << entry.path();
      EXPECT_EQ(result, 0) << entry.path();
      ++seeds;
    }
    EXPECT_GE(seeds, 2u) << target.name;
  }
}

// The empty input and a few bytes of every kind reach each reader without escaping it.
TEST(FuzzCorpus, DegenerateInputs) {
  for (const Target& target : targets()) {
    for (const std::string& bytes : {std::string(), std::string("\0", 1), std::string("{"), std::string("\xff\xfe"),
                                    std::string(100000, '['), std::string(2000, '\n')}) {
      EXPECT_NO_THROW(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())) << target.name;
    }
  }
}

}  // namespace
}  // namespace detgrad::fuzz
