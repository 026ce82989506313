// The limits of every text file detgrad reads: size (checked before reading) and line length,
// each refusal a StudyError naming the file (and the line).
#include "study/input_file.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "detgrad/core/error.hpp"

namespace detgrad::study_detail {
namespace {

std::string error_of(const std::string& text, const TextLimits& limits) {
  try {
    check_text_limits(text, "in.txt", limits);
  } catch (const StudyError& e) {
    return e.what();
  }
  return "no error";
}

TEST(InputFile, LinesUpToTheLimitPass) {
  EXPECT_EQ(error_of("abcd\nefgh\n\n", {100, 4}), "no error") << "a line's '\\n' is not counted";
  EXPECT_EQ(error_of("abcd", {4, 4}), "no error");
  EXPECT_EQ(error_of(std::string(1000, 'x'), {1000, 0}), "no error") << "0: no line limit";
}

TEST(InputFile, LongLineIsRefusedWithItsNumber) {
  EXPECT_EQ(error_of("ab\ncd\nefghi\n", {100, 4}), "in.txt:3: line longer than the limit of 4 bytes: refused");
  EXPECT_EQ(error_of("ab\n" + std::string(2048, 'x'), {1 << 20, 1024}),
            "in.txt:2: line longer than the limit of 1 KiB: refused");
}

TEST(InputFile, LargeTextIsRefused) {
  EXPECT_EQ(error_of("12345", {4, 0}), "in.txt: larger than the limit of 4 bytes (5 bytes): refused");
}

TEST(InputFile, FilesAreReadWithTheirLimits) {
  const std::string path = ::testing::TempDir() + "detgrad_input_file_test.txt";
  std::ofstream(path, std::ios::binary) << "1 2\n3 4\n";
  EXPECT_EQ(read_input_file(path, "layout file", {8, 3}), "1 2\n3 4\n");
  try {
    read_input_file(path, "layout file", {7, 3});
    ADD_FAILURE() << "no error";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path);
    EXPECT_NE(std::string(e.what()).find("the layout file is larger than the limit of 7 bytes (8 bytes)"),
              std::string::npos)
        << e.what();
  }
  try {
    read_input_file(path, "layout file", {8, 2});
    ADD_FAILURE() << "no error";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path + ":1");
  }
  std::remove(path.c_str());
  EXPECT_THROW(read_input_file(path, "layout file", {8, 3}), StudyError);          // missing
  EXPECT_THROW(read_input_file(::testing::TempDir(), "layout file", {8, 3}), StudyError);  // a directory
}

TEST(InputFile, FormatsLimits) {
  EXPECT_EQ(format_bytes(16u << 20), "16 MiB");
  EXPECT_EQ(format_bytes(64u << 10), "64 KiB");
  EXPECT_EQ(format_bytes(1000), "1000 bytes");
}

}  // namespace
}  // namespace detgrad::study_detail
