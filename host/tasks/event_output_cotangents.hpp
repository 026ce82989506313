#pragma once
// The cotangents of a task's per-event outputs (EventOutputs, as the caller hands them to
// event_outputs_vjp) gathered into event-major blocks, one per group of columns, checked
// against the names and sizes the task's outputs have.
#include <cstdint>
#include <string>
#include <vector>

#include "tasks/task.hpp"

namespace detgrad::tasks {

// One group of a task's output columns: their names, and how many values each column has
// per event (1, or e.g. one per unit).
struct OutputColumnGroup {
  const char* const* names;
  int count;
  std::size_t width;
};

// block[g][(e * width + w) * count + c] = the cotangent of column c of group g, value w of
// event e; a column not given stays 0. Throws std::invalid_argument for a name no group has
// ("no per-<noun> output named ...") and for a column of the wrong size.
std::vector<std::vector<double>> gather_cotangents(const EventOutputs& cotangents, std::uint64_t events,
                                                   const std::vector<OutputColumnGroup>& groups,
                                                   const std::string& noun);

}  // namespace detgrad::tasks
