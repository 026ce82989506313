#pragma once
// Reading an input file given by a user (a study, a layout, a data table, a checkpoint) with
// limits: every problem is a StudyError naming the file. A reader states its limits (the
// largest file, the longest line) so that a wrong or hostile file is refused before it costs
// more than a small multiple of its size in memory and time.
#include <cstddef>
#include <cstdint>
#include <string>

namespace detgrad::study_detail {

struct TextLimits {
  std::uintmax_t max_bytes;    // the whole file
  std::size_t max_line_bytes;  // one line, without its '\n' (0: no line limit)
};

// The whole file: refused when it is missing, unreadable, a directory or larger than
// `limits.max_bytes` (checked before it is read: a huge file is not read at all), or when a
// line is longer than `limits.max_line_bytes`. `what` names the file in messages ("layout
// file").
std::string read_input_file(const std::string& path, const std::string& what, const TextLimits& limits);

// The same size and line checks on a text already read (`name` stands for the file).
void check_text_limits(const std::string& text, const std::string& name, const TextLimits& limits);

// "16 MiB", "4096 bytes": a limit as messages show it.
std::string format_bytes(std::uintmax_t bytes);

}  // namespace detgrad::study_detail
