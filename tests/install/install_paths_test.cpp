// The share folder lookup (install/install_paths.hpp): the variable first, then the
// installed layout (bin/../share/detgrad), then the build tree's (BUILD/share/detgrad); a
// variable that is not a folder is an error, not a silent fallback.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "install/install_paths.hpp"

namespace detgrad::install {
namespace {

namespace fs = std::filesystem;

class InstallPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("detgrad_install_paths_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(InstallPaths, InstalledLayoutIsFoundNextToTheBinary) {
  fs::create_directories(root_ / "prefix" / "bin");
  fs::create_directories(root_ / "prefix" / "share" / "detgrad");
  const auto found = find_share_dir(nullptr, root_ / "prefix" / "bin" / "detgrad");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, root_ / "prefix" / "share" / "detgrad");
}

TEST_F(InstallPaths, BuildTreeLayoutIsFoundBesideTheBinary) {
  fs::create_directories(root_ / "build" / "share" / "detgrad");
  const auto found = find_share_dir("", root_ / "build" / "detgrad");  // empty variable: unset
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, root_ / "build" / "share" / "detgrad");
  // A test program one folder down (BUILD/tests/NAME) finds the same folder.
  const auto from_tests = find_share_dir(nullptr, root_ / "build" / "tests" / "some_test");
  ASSERT_TRUE(from_tests);
  EXPECT_EQ(*from_tests, root_ / "build" / "share" / "detgrad");
}

TEST_F(InstallPaths, InstalledLayoutComesBeforeTheBuildTreeOne) {
  fs::create_directories(root_ / "share" / "detgrad");
  fs::create_directories(root_ / "bin" / "share" / "detgrad");
  EXPECT_EQ(find_share_dir(nullptr, root_ / "bin" / "detgrad"), root_ / "share" / "detgrad");
}

TEST_F(InstallPaths, NothingFoundIsNullopt) {
  EXPECT_FALSE(find_share_dir(nullptr, root_ / "bin" / "detgrad"));
  EXPECT_FALSE(find_share_dir(nullptr, fs::path()));
  // A file of that name is not the folder.
  fs::create_directories(root_ / "share");
  std::ofstream(root_ / "share" / "detgrad") << "not a folder";
  EXPECT_FALSE(find_share_dir(nullptr, root_ / "bin" / "detgrad"));
}

TEST_F(InstallPaths, VariableOverridesAndMustBeAFolder) {
  fs::create_directories(root_ / "share" / "detgrad");
  fs::create_directories(root_ / "elsewhere");
  EXPECT_EQ(find_share_dir((root_ / "elsewhere").c_str(), root_ / "bin" / "detgrad"), root_ / "elsewhere");
  try {
    find_share_dir((root_ / "missing").c_str(), root_ / "bin" / "detgrad");
    FAIL() << "a variable naming no folder was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("DETGRAD_SHARE_DIR=" + (root_ / "missing").string()), std::string::npos)
        << e.what();
  }
}

// This test program lives in the build tree (BUILD/tests/), which CMake gives a share
// folder of links to the sources: the real lookup finds the SWGO data and the plot script,
// and the variable redirects it.
TEST_F(InstallPaths, ThisProcessFindsItsShareFolder) {
  const char* saved = std::getenv(kShareDirVariable);
  const std::string saved_value = saved ? saved : "";
  ::unsetenv(kShareDirVariable);
  EXPECT_EQ(executable_path().filename(), "install_install_paths_test");
  EXPECT_TRUE(fs::exists(share_path("data/swgo/ldf_gamma_primary.txt")));
  EXPECT_TRUE(fs::exists(share_path("scripts/plot-run")));
  EXPECT_TRUE(find_in_share_dir("configs/tomography/hello_world.json"));
  EXPECT_FALSE(find_in_share_dir("configs/no_such_study.json"));

  ::setenv(kShareDirVariable, root_.c_str(), 1);
  EXPECT_EQ(share_dir(), root_);
  EXPECT_FALSE(find_in_share_dir("scripts/plot-run"));
  ::setenv(kShareDirVariable, (root_ / "missing").c_str(), 1);
  EXPECT_THROW(share_dir(), std::runtime_error);
  EXPECT_FALSE(find_in_share_dir("scripts/plot-run"));  // never throws

  if (saved) ::setenv(kShareDirVariable, saved_value.c_str(), 1);
  else ::unsetenv(kShareDirVariable);
}

}  // namespace
}  // namespace detgrad::install
