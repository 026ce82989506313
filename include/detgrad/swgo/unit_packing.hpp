#pragma once
// A unit's two design parameters (its x and y, m) as fields of one record: their order in
// every flat view of an SWGO design (the design vector, the passes' gradient rows on the
// CPU and the GPU, history.csv's columns). Names, units and groups:
// host/swgo/swgo_design.hpp.
#include "detgrad/core/record_packing.hpp"

namespace detgrad::swgo {

enum UnitField : int { kUnitX, kUnitY, kUnitFields };

using UnitPacking = RecordPacking<kUnitFields>;

}  // namespace detgrad::swgo
