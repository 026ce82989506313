#pragma once
// A ready calorimeter study of configs/calorimeter/ as JSON, for the tests that read them.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace detgrad::calorimeter::test {

inline nlohmann::json config_file(const std::string& name) {
  const char* root = std::getenv("DETGRAD_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(root ? root : ".") / "configs/calorimeter" / name);
  return nlohmann::json::parse(in);
}

}  // namespace detgrad::calorimeter::test
