// The libFuzzer entry of one target, chosen at compile time (DETGRAD_FUZZ_TARGET=study, ...).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return detgrad::fuzz::DETGRAD_FUZZ_TARGET(data, size);
}
