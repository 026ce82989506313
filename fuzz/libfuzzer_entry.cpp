// The libFuzzer entry of one target, chosen at compile time (DETGRAD_FUZZ_TARGET=study, ...).
#include "fuzz_targets.hpp"

// Before the first input, outside libFuzzer's per-input timeout: a target's one-time setup
// (the default studies it reads against; the calorimeter's calibrates a response model)
// runs once on an empty input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static const std::uint8_t empty = 0;
  detgrad::fuzz::DETGRAD_FUZZ_TARGET(&empty, 0);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return detgrad::fuzz::DETGRAD_FUZZ_TARGET(data, size);
}
