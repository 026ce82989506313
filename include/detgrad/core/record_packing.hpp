#pragma once
// The packing of a design whose parameters come in records of a fixed number of fields (a
// panel's seven, a unit's x and y): record-major, record r's field k at r * kFields + k.
// The design vector, the passes' gradient rows (CPU and GPU) and history.csv's columns all
// use it (host/optimize/design_description.hpp). Usable on the host and the device.
#include <cstddef>

#include "detgrad/core/macros.hpp"

namespace detgrad {

template <int kFields>
struct RecordPacking {
  static constexpr int fields = kFields;
  DETGRAD_HDI static constexpr std::size_t index(std::size_t record, int field) {
    return record * std::size_t(kFields) + std::size_t(field);
  }
  DETGRAD_HDI static constexpr std::size_t size(std::size_t records) { return records * std::size_t(kFields); }
};

}  // namespace detgrad
