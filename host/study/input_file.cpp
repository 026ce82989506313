#include "study/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "detgrad/core/error.hpp"

namespace detgrad::study_detail {

std::string format_bytes(std::uintmax_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

void check_text_limits(const std::string& text, const std::string& name, const TextLimits& limits) {
  if (text.size() > limits.max_bytes) {
    throw StudyError(name, "larger than the limit of " + format_bytes(limits.max_bytes) + " (" +
                               std::to_string(text.size()) + " bytes): refused");
  }
  if (limits.max_line_bytes == 0) return;
  std::size_t line = 1, start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end - start > limits.max_line_bytes) {
      throw StudyError(name + ":" + std::to_string(line),
                       "line longer than the limit of " + format_bytes(limits.max_line_bytes) + ": refused");
    }
    start = end + 1;
    ++line;
  }
}

std::string read_input_file(const std::string& path, const std::string& what, const TextLimits& limits) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw StudyError(path, "is a directory, not a " + what);
  if (std::filesystem::is_regular_file(path, error)) {
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > limits.max_bytes) {
      throw StudyError(path, "the " + what + " is larger than the limit of " + format_bytes(limits.max_bytes) +
                                 " (" + std::to_string(size) + " bytes): refused");
    }
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw StudyError(path, "cannot open the " + what + " (" + std::strerror(errno) + ")");
  // Read at most one byte past the limit (a pipe or a file that grows has no size to ask).
  std::string text;
  char chunk[1 << 16];
  while (file && text.size() <= limits.max_bytes) {
    file.read(chunk, sizeof chunk);
    text.append(chunk, static_cast<std::size_t>(file.gcount()));
  }
  if (file.bad()) throw StudyError(path, "cannot read the " + what);
  if (text.size() > limits.max_bytes) {
    throw StudyError(path, "the " + what + " is larger than the limit of " + format_bytes(limits.max_bytes) +
                               ": refused");
  }
  check_text_limits(text, path, limits);
  return text;
}

}  // namespace detgrad::study_detail
