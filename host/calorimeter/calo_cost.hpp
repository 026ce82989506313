#pragma once
// The cost of a stack (calo_config.hpp, CaloCostConfig) and the budget term of the loss.
#include <vector>

#include "calorimeter/calo_config.hpp"

namespace detgrad::calorimeter {

// The price per m^3 of a slab's material: material_per_m3 when given, else the absorber's or
// the active media's price.
double slab_price(const CaloCostConfig& cost, const SlabConfig& slab);
// Cost of the study's slabs with thicknesses x (calo_design.hpp's order); d cost / d x_i
// added to *gradient when given (the cost is linear in the thicknesses).
double stack_cost(const CaloStudyConfig& study, const std::vector<double>& x, std::vector<double>* gradient);
// The budget: calorimeter.cost.budget, or (0) the cost of the study's own stack.
double stack_budget(const CaloStudyConfig& study);
// budget_coefficient (cost / budget - 1)^2 and its derivative in cost.
double stack_budget_term(const CaloCostConfig& cost, double budget, double stack_cost, double* d_cost);

}  // namespace detgrad::calorimeter
