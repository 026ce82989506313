#pragma once
// A ready study from configs/tomography/, found through DETGRAD_SOURCE_DIR (set by CTest).
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "detgrad/tomography/study_json.hpp"

namespace detgrad::test {

inline TomographyStudyConfig load_config_study(const std::string& name) {
  const char* source = std::getenv("DETGRAD_SOURCE_DIR");
  if (!source || !*source) throw std::runtime_error("DETGRAD_SOURCE_DIR is not set (run this test through ctest)");
  return load_study_file(std::string(source) + "/configs/tomography/" + name + ".json");
}

}  // namespace detgrad::test
