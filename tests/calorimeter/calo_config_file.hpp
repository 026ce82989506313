#pragma once
// The calorimeter tests' studies as JSON: a ready study of configs/calorimeter/, and the
// default study's stack for the studies a test writes itself.
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

// calorimeter.layers of the default study: 20 x [4 mm lead, 4 mm polystyrene (active)].
inline nlohmann::json lead_scintillator_layers() {
  return {{{"repeat", 20},
           {"slabs", {{{"material", "lead"}, {"thickness_m", 0.004}},
                      {{"material", "polystyrene"}, {"thickness_m", 0.004}, {"active", true}}}}}};
}

}  // namespace detgrad::calorimeter::test
