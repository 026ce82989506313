#pragma once
// What every task's passes over the events of one step are told: how many events, from which
// event number, for which optimisation step (part of the random-number counter), on which
// backend, in which precision of the per-event arithmetic. A task's options may add to these.
#include <cstdint>

#include "detgrad/study/backend_kind.hpp"

namespace detgrad {

enum class Precision { single, double_precision };

struct PassOptions {
  std::uint64_t events = 0;
  std::uint32_t step = 0;
  std::uint64_t first_event = 0;
  Backend backend = Backend::cpu;
  Precision precision = Precision::single;
};

}  // namespace detgrad
