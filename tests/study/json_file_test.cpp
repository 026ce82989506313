// The limits of every JSON file detgrad reads (studies, layouts, checkpoints): nesting depth,
// size and number of values, checked before the document is built; and the duplicate-key
// pass's paths.
#include "study/json_file.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "detgrad/core/error.hpp"

namespace detgrad::study_detail {
namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// The message of the StudyError parse_json_text throws, or "no error".
std::string error_of(const std::string& text) {
  try {
    parse_json_text(text, "in.json");
  } catch (const StudyError& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(JsonFile, NestingUpToTheLimitIsRead) {
  const nlohmann::json json = parse_json_text(nested(kJsonMaxDepth), "in.json");
  EXPECT_TRUE(json.is_array());
  EXPECT_EQ(json.dump(), nested(kJsonMaxDepth));
}

TEST(JsonFile, NestingBeyondTheLimitIsRefusedWithItsPlace) {
  EXPECT_EQ(kJsonMaxDepth, 64u);
  const std::string message = error_of(nested(kJsonMaxDepth + 1));
  EXPECT_TRUE(contains(message, "in.json: nested deeper than the limit of 64 levels of arrays and objects at line 1, column 65"))
      << message;
  // Objects count as levels too, and the place is the first bracket past the limit.
  std::string objects;
  for (int i = 0; i < 70; ++i) objects += "{\"k\":\n";
  EXPECT_TRUE(contains(error_of(objects), "at line 65, column 1")) << error_of(objects);
}

// A 100,000-deep file (200 kB) is refused by the first pass: no document is built.
TEST(JsonFile, HundredThousandLevelsAreRefused) {
  const std::string message = error_of(nested(100000));
  EXPECT_TRUE(contains(message, "nested deeper than the limit of 64 levels")) << message;
  // Unclosed too (a syntax error further on does not hide the depth).
  EXPECT_TRUE(contains(error_of(std::string(100000, '{')), "nested deeper")) << error_of(std::string(100000, '{'));
}

TEST(JsonFile, BracketsInStringsAndCommentsAreNotLevels) {
  const std::string brackets(100, '[');
  const std::string text = "{\"a\": \"" + brackets + "\", \"b\\\"" + brackets + "\": 1, // " + brackets +
                           "\n /* " + brackets + " */ \"c\": [\"\\\\\", [1]]}";
  const nlohmann::json json = parse_json_text(text, "in.json");
  EXPECT_EQ(json["a"], brackets);
  EXPECT_EQ(json["c"][1][0], 1);
  EXPECT_EQ(find_excess_nesting(text, 3), std::nullopt);
  EXPECT_EQ(find_excess_nesting(text, 2), text.rfind("[1]"));
  // An escaped backslash ends before the quote: the bracket after it is a level.
  EXPECT_EQ(find_excess_nesting("[\"\\\\\", [0]]", 1), 7u);
  // A "//" comment ends at a carriage return as at a newline.
  EXPECT_EQ(find_excess_nesting("[ // x\r[0]]", 1), 7u);
}

TEST(JsonFile, TooManyValuesAreRefused) {
  std::string text = "[0";
  text.reserve(2 * kJsonMaxValues + 2);
  for (std::size_t i = 2; i < kJsonMaxValues; ++i) text += ",0";
  text += "]";  // the array and kJsonMaxValues - 1 numbers: the limit exactly
  EXPECT_EQ(parse_json_text(text, "in.json").size(), kJsonMaxValues - 1);
  text.back() = ',';
  text += "0]";
  const std::string message = error_of(text);
  EXPECT_TRUE(contains(message, "in.json: more than the limit of 1048576 values")) << message;
}

TEST(JsonFile, LargerThanTheLimitIsRefusedUnread) {
  const std::string path = ::testing::TempDir() + "detgrad_json_file_test_large.json";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string spaces(1 << 20, ' ');
    for (int i = 0; i < 16; ++i) out << spaces;
    out << "{}";
  }
  try {
    read_json_file(path, "layout file");
    ADD_FAILURE() << "no error";
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path);
    EXPECT_TRUE(contains(e.what(), "the layout file is larger than the limit of 16 MiB (16777218 bytes)")) << e.what();
  }
  std::remove(path.c_str());
  EXPECT_TRUE(contains(error_of(std::string(kJsonMaxBytes + 1, ' ')), "larger than the limit of 16 MiB"));
}

TEST(JsonFile, DuplicateKeyPathsThroughArraysAndObjects) {
  EXPECT_TRUE(contains(error_of("[{\"a\": [0, {\"b\": 1, \"b\": 2}]}]"), "[0].a[1].b: duplicate key in in.json"))
      << error_of("[{\"a\": [0, {\"b\": 1, \"b\": 2}]}]");
  EXPECT_TRUE(contains(error_of("{\"x\": [[1], {\"y\": {}, \"z\": 0, \"y\": 2}]}"), "x[1].y: duplicate key"));
  // A syntax error anywhere is said before a duplicate.
  EXPECT_TRUE(contains(error_of("{\"a\": 1, \"a\": 2, }"), "JSON syntax error at line 1, column 18"))
      << error_of("{\"a\": 1, \"a\": 2, }");
}

// Deep files with long keys: the duplicate pass keeps one key per level (not the whole path),
// and the path of a duplicate at the limit is put together whole.
TEST(JsonFile, DuplicateAtTheDepthLimit) {
  const std::string key(1000, 'k');
  std::string text;
  for (std::size_t i = 1; i < kJsonMaxDepth; ++i) text += "{\"" + key + "\": ";
  text += "{\"d\": 1, \"d\": 2}";
  text += std::string(kJsonMaxDepth - 1, '}');
  std::string path;
  for (std::size_t i = 1; i < kJsonMaxDepth; ++i) path += key + ".";
  EXPECT_TRUE(contains(error_of(text), path + "d: duplicate key")) << error_of(text).substr(0, 200);
}

}  // namespace
}  // namespace detgrad::study_detail
