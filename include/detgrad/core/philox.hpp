#pragma once
// Philox4x32-10 counter-based generator (Salmon, Moraes, Dror, Shaw, "Parallel random
// numbers: as easy as 1, 2, 3", SC11), the generator behind cuRAND's
// CURAND_RNG_PSEUDO_PHILOX4_32_10. A bijection of a 128-bit counter under a 64-bit key:
// any draw of any event can be recomputed anywhere.
#include <cstdint>

#include "detgrad/core/macros.hpp"

namespace detgrad {

struct PhiloxCounter {
  std::uint32_t v[4];
};
struct PhiloxKey {
  std::uint32_t v[2];
};

namespace philox_detail {
// Round multipliers and Weyl key increments of Philox4x32 (Salmon et al. 2011, table 2).
constexpr std::uint32_t kMultiplier0 = 0xD2511F53u;
constexpr std::uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;  // sqrt(3) - 1

DETGRAD_HDI void mul_hi_lo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
#if defined(__CUDA_ARCH__)
  hi = __umulhi(a, b);
  lo = a * b;
#else
  const std::uint64_t product = std::uint64_t(a) * std::uint64_t(b);
  hi = std::uint32_t(product >> 32);
  lo = std::uint32_t(product);
#endif
}

DETGRAD_HDI PhiloxCounter round(PhiloxCounter c, PhiloxKey k) {
  std::uint32_t hi0, lo0, hi1, lo1;
  mul_hi_lo(kMultiplier0, c.v[0], hi0, lo0);
  mul_hi_lo(kMultiplier1, c.v[2], hi1, lo1);
  return PhiloxCounter{{hi1 ^ c.v[1] ^ k.v[0], lo1, hi0 ^ c.v[3] ^ k.v[1], lo0}};
}
}  // namespace philox_detail

// Ten rounds, the key bumped by the Weyl sequence between rounds.
DETGRAD_HDI PhiloxCounter philox4x32_10(PhiloxCounter c, PhiloxKey k) {
#if defined(__CUDA_ARCH__)
#pragma unroll
#endif
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      k.v[0] += philox_detail::kWeyl0;
      k.v[1] += philox_detail::kWeyl1;
    }
    c = philox_detail::round(c, k);
  }
  return c;
}

}  // namespace detgrad
