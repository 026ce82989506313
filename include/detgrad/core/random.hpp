#pragma once
// Per-event random numbers from Philox4x32-10, keyed by the study seed and counted by
// (step, stream, event, draw) (DESIGN.md, principle 2). Any event's draws can be
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
    const T r = std::sqrt(T(-2) * std::log(u1));
    const T phase = T(6.283185307179586) * u2;
    z1 = r * std::cos(phase);
    z2 = r * std::sin(phase);
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
