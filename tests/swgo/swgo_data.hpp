#pragma once
// The SWGO data folder (data/swgo/), found through DETGRAD_SOURCE_DIR (set by CTest).
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace detgrad::test {

inline std::filesystem::path swgo_data_dir() {
  const char* source = std::getenv("DETGRAD_SOURCE_DIR");
  if (!source || !*source) throw std::runtime_error("DETGRAD_SOURCE_DIR is not set (run this test through ctest)");
  return std::filesystem::path(source) / "data" / "swgo";
}

}  // namespace detgrad::test
