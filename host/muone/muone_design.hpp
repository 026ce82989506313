#pragma once
// The MUonE task's design, described once (optimize/design_description.hpp): every module
// (in the station's order) is a record of three fields, named "<module>.<field>", then the
// target, a record of two, named "target.<field>":
//
//   field        unit  group             bounds
//   z_m          m     module_z          the station [z_start + depth/2, z_end - depth/2]
//   offset_m     m     module_offset     [-size/2, size/2]
//   sigma_m      m     module_sigma      [5 um, 1 mm]
//   target z_m   m     target_z          [z_start, z_end]
//   thickness_m  m     target_thickness  [1 mm, 5 cm]
//
// and the constraint beyond boxes: modules in their order along z at least their depths
// apart, out of the target and inside the station (MuoneModel::project).
#include <cstddef>
#include <vector>

#include "detgrad/core/record_packing.hpp"
#include "muone/muone_config.hpp"
#include "optimize/design_description.hpp"

namespace detgrad::muone {

enum ModuleField : int { kModuleZ, kModuleOffset, kModuleSigma, kModuleFields };
enum TargetField : int { kTargetZ, kTargetThickness, kTargetFields };
using ModulePacking = RecordPacking<kModuleFields>;

// Name, unit and group of each field, indexed by ModuleField and TargetField.
extern const optimize::RecordField kModuleTable[kModuleFields];
extern const optimize::RecordField kTargetTable[kTargetFields];

// The design vector's index of module i's field, and of the target's (after the modules).
inline std::size_t module_index(std::size_t module, int field) { return ModulePacking::index(module, field); }
inline std::size_t target_index(std::size_t modules, int field) { return ModulePacking::size(modules) + std::size_t(field); }

template <typename T>
T& module_field(ModuleDesign<T>& m, int field) {
  return field == kModuleZ ? m.z : field == kModuleOffset ? m.offset : m.sigma;
}
template <typename T>
T& target_field(TargetDesign<T>& t, int field) {
  return field == kTargetZ ? t.z : t.thickness;
}

optimize::DesignDescription muone_design(const StationConfig& station);

// Station design <-> design vector.
std::vector<double> flatten(const StationDesign<double>& design, std::size_t modules);
StationDesign<double> unflatten(const std::vector<double>& x, std::size_t modules);

}  // namespace detgrad::muone
