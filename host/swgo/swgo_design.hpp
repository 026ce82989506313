#pragma once
// The SWGO task's design, described once (optimize/design_description.hpp): every unit is
// a record of two fields, named "unit[<i>].<field>":
//
//   field  unit  group    bounds
//   x      m     unit_xy  unbounded
//   y      m     unit_xy  unbounded
//
// packed unit-major (x0, y0, x1, y1, ...: include/detgrad/swgo/unit_packing.hpp), and the constraint beyond boxes:
// units at least the least distance apart, and inside the site where the study has one
// (SwgoOptimization::project). The layout's form (x and y arrays, swgo/layout.hpp) and the
// design vector convert into each other here only.
#include <vector>

#include "detgrad/swgo/unit_packing.hpp"
#include "optimize/design_description.hpp"
#include "swgo/swgo_config.hpp"

namespace detgrad::swgo {

// Name, unit and group of each field of a unit, indexed by UnitField.
extern const optimize::RecordField kUnitTable[kUnitFields];

optimize::DesignDescription swgo_design(const SwgoConfig& config, std::size_t units);

// Design vector <-> layout (also for gradients: dLoss/dx and dLoss/dy per unit).
Layout layout_of(const std::vector<double>& x);
std::vector<double> parameters_of(const Layout& layout);

}  // namespace detgrad::swgo
