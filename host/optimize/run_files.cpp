#include "optimize/run_files.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "backend/ranks.hpp"

namespace detgrad::optimize {

namespace fs = std::filesystem;

void write_atomically(const fs::path& path, const std::string& text) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, path);
}

void keep_first_lines(const fs::path& path, std::uint32_t lines) {
  std::ifstream old(path);
  std::string line, kept;
  for (std::uint32_t row = 0; row < lines && std::getline(old, line); ++row) kept += line + "\n";
  write_atomically(path, kept);
}

std::string exact_decimal(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

}  // namespace detgrad::optimize
