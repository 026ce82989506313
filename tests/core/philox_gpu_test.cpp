// detgrad's EventRandom reproduces cuRAND's CURAND_RNG_PSEUDO_PHILOX4_32_10 stream bit for
// bit: curand_init(seed, subsequence = event, offset = 0), then curand4() per block.
#include <vector>

#include "backend/cuda_launchers.hpp"
#include "backend/cuda_runtime.hpp"
#include "support/gpu.hpp"

namespace detgrad {
namespace {

TEST(PhiloxGpu, MatchesCurandBitForBit) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const std::uint32_t events = 4096, blocks = 8;
  const std::size_t words = std::size_t(events) * blocks * 4;
  for (std::uint64_t seed : {0ull, 1ull, 0xdeadbeefcafef00dull}) {
    DeviceArray<std::uint32_t> ours(words), theirs(words);
    cuda_philox_words(seed, events, blocks, ours.get(), theirs.get());
    std::vector<std::uint32_t> a, b;
    ours.download(a, words);
    theirs.download(b, words);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < words; ++i) mismatches += a[i] != b[i];
    EXPECT_EQ(mismatches, 0u) << "seed " << seed;
  }
}

}  // namespace
}  // namespace detgrad
