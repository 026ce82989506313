#pragma once
// Reading a JSON file given by a user (a study, a layout, a checkpoint): every problem is a
// StudyError that names the file and says what is wrong: a missing or unreadable file, a
// directory, an empty file, a file over the limits below, a syntax error (with line and
// column), a duplicate key in an object (with its JSON path: JSON leaves duplicates undefined
// and the parser would keep the last value silently). Comments (// and /* */) are allowed.
//
// The limits are checked before the document is built, in passes linear in the file's size,
// so a hostile file costs at most a small multiple of its size in memory and time.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace detgrad::study_detail {

// A study has 4 or 5 levels of arrays and objects, a checkpoint one more than its study.
inline constexpr std::size_t kJsonMaxDepth = 64;
// The largest JSON file read (a study is a few kB, an SWGO layout or checkpoint a few hundred).
inline constexpr std::uintmax_t kJsonMaxBytes = 16u << 20;
// The most values (numbers, strings, arrays, objects, ...) in one file: the parsed document
// takes some 50 bytes per value, so this bounds it whatever the file's shape.
inline constexpr std::size_t kJsonMaxValues = 1u << 20;

// `what` names the file in messages: "study file", "layout file".
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// The same checks on a text already read (`source` names it in messages).
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

// The byte offset of the first '[' or '{' (outside strings and comments) that opens level
// max_depth + 1; nullopt when the text nests no deeper than max_depth. One pass, no memory.
std::optional<std::size_t> find_excess_nesting(const std::string& text, std::size_t max_depth);

}  // namespace detgrad::study_detail
