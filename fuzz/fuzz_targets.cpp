#include "fuzz_targets.hpp"

#include <cstdlib>

#ifndef DETGRAD_SOURCE_DIR
#define DETGRAD_SOURCE_DIR "."
#endif

namespace detgrad::fuzz {

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"study", study},
                                          {"layout_json", layout_json},
                                          {"layout_text", layout_text},
                                          {"ldf_text", ldf_text},
                                          {"checkpoint", checkpoint}};
  return all;
}

std::string source_dir() {
  const char* env = std::getenv("DETGRAD_SOURCE_DIR");
  return env && *env ? env : DETGRAD_SOURCE_DIR;
}

}  // namespace detgrad::fuzz
