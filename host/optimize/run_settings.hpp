#pragma once
// The optimiser's settings of a run from the study's "optimization" section: the kind
// (Adam, SGD) and schedule, and each parameter group's first step, largest update and
// freezing (the design's defaults with the study's values). `detgrad optimize` and the Python
// module's engine optimiser take them from here, so both move a design the same way.
#include <cstdint>
#include <vector>

#include "detgrad/study/optimization_config.hpp"
#include "optimize/design_description.hpp"
#include "optimize/optimizer.hpp"

namespace detgrad::optimize {

OptimizerSettings optimizer_settings(const OptimizationConfig& config, std::uint32_t steps);

// StudyError naming optimization.frozen / optimization when the study names a group the
// design does not have.
std::vector<GroupSettings> group_settings(const DesignDescription& design, const OptimizationConfig& config);

}  // namespace detgrad::optimize
