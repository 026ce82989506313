#pragma once
// EventRandom's sequence of one event (include/detgrad/core/random.hpp), addressable by word:
// word w is 32-bit output w % 4 of the Philox block w / 4 under the same key and counter
// layout (draw block | stream << 24 | step | event). uniform<T>() and normal<T>() consume one
// and two words, as EventRandom's do, so code that draws from either sees the same numbers
// (tests/swgo/particle_counts_test.cpp compares them word by word). seek() lets the lanes of
// a team start at different words of one event's sequence (particle_counts.hpp).
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/philox.hpp"
#include "detgrad/core/random.hpp"

namespace detgrad::swgo {

class SeekableRandom {
 public:
  DETGRAD_HD SeekableRandom(std::uint64_t seed, std::uint32_t step, RandomStream stream, std::uint64_t event)
      : key_{{std::uint32_t(seed), std::uint32_t(seed >> 32)}},
        counter_{{0u, (std::uint32_t(stream) << 24) | (step & (kMaxSteps - 1)), std::uint32_t(event),
                  std::uint32_t(event >> 32)}},
        block_{{0u, 0u, 0u, 0u}} {}

  // The index of the next word drawn.
  DETGRAD_HD std::uint64_t position() const { return word_; }
  DETGRAD_HD void seek(std::uint64_t word) { word_ = word; }

  DETGRAD_HD std::uint32_t next_u32() {
    const std::uint64_t block = word_ >> 2;
    if (!cached_ || block != block_index_) {
      counter_.v[0] = std::uint32_t(block);
      block_ = philox4x32_10(counter_, key_);
      block_index_ = block;
      cached_ = true;
    }
    return block_.v[word_++ & 3u];
  }

  // As EventRandom::uniform: ((x >> 9) + 1/2) 2^-23, in (0, 1).
  template <typename T>
  DETGRAD_HD T uniform() {
    return (T(next_u32() >> 9) + T(0.5)) * T(1.1920928955078125e-7);  // 2^-23
  }

  // As EventRandom::normal: the first of a Box-Muller pair of two uniforms.
  template <typename T>
  DETGRAD_HD T normal() {
    const T u1 = uniform<T>();
    const T u2 = uniform<T>();
    T z1, z2;
    EventRandom::box_muller(u1, u2, z1, z2);
    return z1;
  }

 private:
  PhiloxKey key_;
  PhiloxCounter counter_;
  PhiloxCounter block_;
  std::uint64_t block_index_ = 0;
  std::uint64_t word_ = 0;
  bool cached_ = false;
};

}  // namespace detgrad::swgo
