#pragma once
// The SWGO task's per-event outputs (tasks/task.hpp: TaskStudy::event_outputs): per shower
// of an optimisation step its truth, expected tanks hit and trigger probability, and per
// unit its expected counts per species and arrival time (include/detgrad/swgo/unit_counts.hpp),
// in double on the CPU; and their vector-Jacobian product onto the units' x and y.
#include <vector>

#include "detgrad/swgo/ldf.hpp"
#include "swgo/swgo_config.hpp"
#include "tasks/task.hpp"

namespace detgrad::swgo {

// x: the design vector (x0, y0, x1, y1, ...); options.reference: the layout whose core disc
// the showers are drawn in (default: x), as an optimisation step holds it.
tasks::EventOutputs swgo_event_outputs(const SwgoConfig& config, const LdfTables<double>& tables,
                                       const std::vector<double>& x, const tasks::EventOutputOptions& options);
std::vector<double> swgo_event_outputs_vjp(const SwgoConfig& config, const LdfTables<double>& tables,
                                           const std::vector<double>& x, const tasks::EventOutputOptions& options,
                                           const tasks::EventOutputs& cotangents);

}  // namespace detgrad::swgo
