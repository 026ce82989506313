#pragma once
// The cost model of a station (muone_config.hpp, CostConfig) and the budget term of the loss.
#include <vector>

#include "detgrad/muone/station.hpp"
#include "muone/muone_config.hpp"

namespace detgrad::muone {

double station_cost(const CostConfig& cost, const StationConfig& station, const StationDesign<double>& design);
// d cost / d sigma_m of each module.
std::vector<double> station_cost_sigma_gradient(const CostConfig& cost, const StationConfig& station,
                                                const StationDesign<double>& design);
// The budget that the study's own design sets when cost.budget is 0.
double budget_of(const CostConfig& cost, const StationConfig& station);

// budget_coefficient (cost / budget - 1)^2 and its derivative in cost.
double budget_term(const CostConfig& cost, double budget, double station_cost, double* d_cost);

}  // namespace detgrad::muone
