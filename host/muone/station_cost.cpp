#include "muone/station_cost.hpp"

namespace detgrad::muone {

double station_cost(const CostConfig& c, const StationConfig& station, const StationDesign<double>& design) {
  double total = 0;
  for (std::size_t i = 0; i < station.modules.size(); ++i) {
    const double size = station.modules[i].size_m;
    total += c.module + c.area_per_m2 * size * size + c.resolution * c.reference_sigma_m / design.module[i].sigma;
  }
  return total;
}

std::vector<double> station_cost_sigma_gradient(const CostConfig& c, const StationConfig& station,
                                                const StationDesign<double>& design) {
  std::vector<double> g(station.modules.size());
  for (std::size_t i = 0; i < g.size(); ++i) {
    const double s = design.module[i].sigma;
    g[i] = -c.resolution * c.reference_sigma_m / (s * s);
  }
  return g;
}

double budget_of(const CostConfig& c, const StationConfig& station) {
  return c.budget > 0 ? c.budget : station_cost(c, station, build_design<double>(station));
}

double budget_term(const CostConfig& c, double budget, double cost, double* d_cost) {
  const double r = cost / budget - 1;
  if (d_cost) *d_cost = c.budget_coefficient * 2 * r / budget;
  return c.budget_coefficient * r * r;
}

}  // namespace detgrad::muone
