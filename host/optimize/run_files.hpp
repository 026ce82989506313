#pragma once
// Writing a run directory's files: rank 0 alone writes (backend/ranks.hpp), a whole file
// atomically (write a temporary, then rename); numbers as the shortest text that reads back
// to the same double.
#include <cstdint>
#include <filesystem>
#include <string>

namespace detgrad::optimize {

void write_atomically(const std::filesystem::path& path, const std::string& text);

// Keeps the first `lines` lines of a file (the header and the rows of the steps before a
// resumed run's first step).
void keep_first_lines(const std::filesystem::path& path, std::uint32_t lines);

// "%.17g": reads back to the same double.
std::string exact_decimal(double v);

}  // namespace detgrad::optimize
