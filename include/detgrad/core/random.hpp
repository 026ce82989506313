#pragma once
// Per-event random numbers from Philox4x32-10, keyed by the study seed and counted by
// (step, stream, event, draw) (docs/design.md, principle 2). Any event's draws can be
// regenerated anywhere: on CPU or GPU, in the forward pass or in an adjoint replay.
//
// Counter layout (128 bits):  v[0] = draw block (4 x 32-bit words per block)
//                             v[1] = stream (high 8 bits) | step (low 24 bits)
//                             v[2], v[3] = event index (low, high 32 bits)
// Key: the 64-bit seed.  With step 0 and stream 0 this is exactly cuRAND's Philox
// sequence for curand_init(seed, subsequence = event, offset = 0): tested on a GPU.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/philox.hpp"

namespace detgrad {

// Independent streams of draws for one event: one per concern, so that adding a draw to
// one (say, the detector response) does not shift the draws of another (transport).
// sin(2 pi u) and cos(2 pi u) for u in [0, 1]: the argument is reduced exactly (4u - k,
// k the nearest quarter turn) to y in [-pi/4, pi/4], where Taylor polynomials to y^17
// (sine) and y^18 (cosine) are exact to rounding in double (the first omitted terms are
// below 1e-19), hence also in float; then the quarter-turn symmetry. About a third of the
// cost of a library sincos, and the same code on CPU and GPU.
template <typename T>
DETGRAD_HDI void sincos_turns(T u, T& sine, T& cosine) {
  const T v = T(4) * u;
  const T k = std::floor(v + T(0.5));
  const T y = (v - k) * T(1.5707963267948966);  // (4u - k) pi/2
  const T y2 = y * y;
  // Horner in y^2 with the reciprocal factorials 1/3!, 1/5!, ... and 1/2!, 1/4!, ...
  T sp = T(1.0 / 355687428096000.0);                      // 1/17!
  sp = sp * y2 - T(1.0 / 1307674368000.0);                 // 1/15!
  sp = sp * y2 + T(1.0 / 6227020800.0);                    // 1/13!
  sp = sp * y2 - T(1.0 / 39916800.0);                      // 1/11!
  sp = sp * y2 + T(1.0 / 362880.0);                        // 1/9!
  sp = sp * y2 - T(1.0 / 5040.0);                          // 1/7!
  sp = sp * y2 + T(1.0 / 120.0);                           // 1/5!
  sp = sp * y2 - T(1.0 / 6.0);                             // 1/3!
  const T sin_y = y + y * y2 * sp;
  T cp = T(1.0 / 6402373705728000.0);                     // 1/18!
  cp = cp * y2 - T(1.0 / 20922789888000.0);                // 1/16!
  cp = cp * y2 + T(1.0 / 87178291200.0);                   // 1/14!
  cp = cp * y2 - T(1.0 / 479001600.0);                     // 1/12!
  cp = cp * y2 + T(1.0 / 3628800.0);                       // 1/10!
  cp = cp * y2 - T(1.0 / 40320.0);                         // 1/8!
  cp = cp * y2 + T(1.0 / 720.0);                           // 1/6!
  cp = cp * y2 - T(1.0 / 24.0);                            // 1/4!
  cp = cp * y2 + T(0.5);                                   // 1/2!
  const T cos_y = T(1) - y2 * cp;
  switch (int(k) & 3) {
    case 0: sine = sin_y; cosine = cos_y; break;
    case 1: sine = cos_y; cosine = -sin_y; break;
    case 2: sine = -sin_y; cosine = -cos_y; break;
    default: sine = -cos_y; cosine = sin_y; break;
  }
}

enum class RandomStream : std::uint32_t {
  source = 0,     // generation of the muon (momentum, direction, position)
  transport = 1,  // scattering in matter
  detector = 2,   // detector response (hit smearing, efficiencies)
  task = 3,       // anything a task needs on top
};

constexpr std::uint32_t kMaxSteps = 1u << 24;  // steps are counted in 24 bits

class EventRandom {
 public:
  DETGRAD_HD EventRandom(std::uint64_t seed, std::uint32_t step, RandomStream stream, std::uint64_t event)
      : key_{{std::uint32_t(seed), std::uint32_t(seed >> 32)}},
        counter_{{0u, (std::uint32_t(stream) << 24) | (step & (kMaxSteps - 1)), std::uint32_t(event),
                  std::uint32_t(event >> 32)}},
        block_{{0u, 0u, 0u, 0u}},
        used_(4) {}

  // Next 32 random bits.
  DETGRAD_HD std::uint32_t next_u32() {
    if (used_ == 4) {
      block_ = philox4x32_10(counter_, key_);
      ++counter_.v[0];
      used_ = 0;
    }
    return block_.v[used_++];
  }

  // Uniform in the open interval (0, 1), from the top 23 bits: ((x >> 9) + 1/2) 2^-23 needs
  // 24 significant bits, so it is exact in float and double alike and float and double
  // code see the same draws. Smallest value 2^-24: normal tails reach 5.8 sigma.
  template <typename T>
  DETGRAD_HD T uniform() {
    return (T(next_u32() >> 9) + T(0.5)) * T(1.1920928955078125e-7);  // 2^-23
  }

  // Two independent standard normal draws (Box-Muller on two uniforms).
  template <typename T>
  DETGRAD_HD void normal_pair(T& z1, T& z2) {
    const T u1 = uniform<T>();
    const T u2 = uniform<T>();
    box_muller(u1, u2, z1, z2);
  }

  // The transform of normal_pair, for a caller that draws the two uniforms first and
  // transforms them only when it needs the normals (the same numbers either way).
  template <typename T>
  DETGRAD_HDI static void box_muller(T u1, T u2, T& z1, T& z2) {
    const T r = std::sqrt(T(-2) * std::log(u1));
    T sine, cosine;
    sincos_turns(u2, sine, cosine);
    z1 = r * cosine;
    z2 = r * sine;
  }

  template <typename T>
  DETGRAD_HD T normal() {
    T z1, z2;
    normal_pair(z1, z2);
    return z1;
  }

 private:
  PhiloxKey key_;
  PhiloxCounter counter_;
  PhiloxCounter block_;
  int used_;
};

}  // namespace detgrad
