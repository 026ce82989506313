#include "muone/muone_design.hpp"

#include <string>

namespace detgrad::muone {

const optimize::RecordField kModuleTable[kModuleFields] = {
    {"z_m", "m", "module_z"}, {"offset_m", "m", "module_offset"}, {"sigma_m", "m", "module_sigma"}};
const optimize::RecordField kTargetTable[kTargetFields] = {{"z_m", "m", "target_z"},
                                                           {"thickness_m", "m", "target_thickness"}};

optimize::DesignDescription muone_design(const StationConfig& s) {
  optimize::DesignDescription d;
  optimize::add_records(
      d, s.modules.size(), kModuleTable, kModuleFields, [&](std::size_t i) { return s.modules[i].name; },
      [&](std::size_t i, int field) -> optimize::Bounds {
        const ModuleConfig& m = s.modules[i];
        switch (field) {
          case kModuleZ: return {s.z_start_m + 0.5 * m.depth_m, s.z_end_m - 0.5 * m.depth_m};
          case kModuleOffset: return {-0.5 * m.size_m, 0.5 * m.size_m};
          default: return {5e-6, 1e-3};  // 5 um (finer than any strip sensor's binary resolution) to 1 mm
        }
      });
  optimize::add_records(
      d, 1, kTargetTable, kTargetFields, [](std::size_t) { return std::string("target"); },
      [&](std::size_t, int field) -> optimize::Bounds {
        return field == kTargetZ ? optimize::Bounds{s.z_start_m, s.z_end_m} : optimize::Bounds{1e-3, 0.05};
      });
  // At first about 1 cm per step for module positions, 1 mm for offsets, 1 um for
  // resolutions, 5 mm for the target's position. The target's thickness is frozen by
  // default: the resolution loss alone always prefers a thinner target (less scattering),
  // and the rate it costs is not part of it.
  d.groups = {{"module_z", 0.01}, {"module_offset", 1e-3}, {"module_sigma", 1e-6}, {"target_z", 5e-3},
              {"target_thickness", 1e-3, 0.0, true}};
  optimize::DesignConstraint c;
  c.kind = "station_order";
  for (std::size_t i = 0; i < s.modules.size(); ++i) c.parameters.push_back(module_index(i, kModuleZ));
  c.parameters.push_back(target_index(s.modules.size(), kTargetZ));
  c.parameters.push_back(target_index(s.modules.size(), kTargetThickness));
  c.values = {{"z_start_m", s.z_start_m}, {"z_end_m", s.z_end_m}};
  for (std::size_t i = 0; i < s.modules.size(); ++i) c.values.push_back({s.modules[i].name + ".depth_m", s.modules[i].depth_m});
  c.text = "modules in their order along z, neighbours at least half their depths apart, out of the target, "
           "inside [z_start_m, z_end_m]";
  d.constraints.push_back(c);
  return d;
}

std::vector<double> flatten(const StationDesign<double>& design, std::size_t modules) {
  StationDesign<double> d = design;
  std::vector<double> x(target_index(modules, kTargetFields));
  for (std::size_t i = 0; i < modules; ++i)
    for (int k = 0; k < kModuleFields; ++k) x[module_index(i, k)] = module_field(d.module[i], k);
  for (int k = 0; k < kTargetFields; ++k) x[target_index(modules, k)] = target_field(d.target, k);
  return x;
}

StationDesign<double> unflatten(const std::vector<double>& x, std::size_t modules) {
  StationDesign<double> d{};
  for (std::size_t i = 0; i < modules; ++i)
    for (int k = 0; k < kModuleFields; ++k) module_field(d.module[i], k) = x[module_index(i, k)];
  for (int k = 0; k < kTargetFields; ++k) target_field(d.target, k) = x[target_index(modules, k)];
  return d;
}

}  // namespace detgrad::muone
