#include "swgo/swgo_design.hpp"

#include <limits>
#include <string>

namespace detgrad::swgo {

const optimize::RecordField kUnitTable[kUnitFields] = {{"x", "m", "unit_xy"}, {"y", "m", "unit_xy"}};

optimize::DesignDescription swgo_design(const SwgoConfig& config, std::size_t units) {
  const double inf = std::numeric_limits<double>::infinity();
  optimize::DesignDescription d;
  optimize::add_records(
      d, units, kUnitTable, kUnitFields, [](std::size_t i) { return "unit[" + std::to_string(i) + "]"; },
      [&](std::size_t, int) { return optimize::Bounds{-inf, inf}; });
  // Units move by about 2 m per step at first (a tenth of a macro-unit's least distance).
  d.groups = {{"unit_xy", 2.0}};
  optimize::DesignConstraint c;
  c.kind = config.site.empty() ? "points_apart" : "points_inside_and_apart";
  for (std::size_t i = 0; i < d.size(); ++i) c.parameters.push_back(i);
  c.values = {{"least_distance_m", config.least_distance()}};
  for (std::size_t k = 0; k < config.site.size(); ++k) {
    c.values.push_back({"site[" + std::to_string(k) + "].x_m", config.site[k][0]});
    c.values.push_back({"site[" + std::to_string(k) + "].y_m", config.site[k][1]});
  }
  c.text = config.site.empty() ? "units (x, y) at least least_distance_m apart"
                               : "units (x, y) at least least_distance_m apart, inside the site's polygon";
  d.constraints.push_back(c);
  return d;
}

Layout layout_of(const std::vector<double>& x) {
  Layout l;
  for (std::size_t i = 0; i < x.size() / kUnitFields; ++i)
    l.add(x[UnitPacking::index(i, kUnitX)], x[UnitPacking::index(i, kUnitY)]);
  return l;
}

std::vector<double> parameters_of(const Layout& layout) {
  std::vector<double> x(UnitPacking::size(layout.size()));
  for (std::size_t i = 0; i < layout.size(); ++i) {
    x[UnitPacking::index(i, kUnitX)] = layout.x[i];
    x[UnitPacking::index(i, kUnitY)] = layout.y[i];
  }
  return x;
}

}  // namespace detgrad::swgo
