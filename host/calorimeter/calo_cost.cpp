#include "calorimeter/calo_cost.hpp"

#include "calorimeter/calo_design.hpp"

namespace detgrad::calorimeter {

double slab_price(const CaloCostConfig& c, const SlabConfig& s) {
  const auto own = c.material_per_m3.find(s.material);
  return own != c.material_per_m3.end() ? own->second : s.active ? c.active_per_m3 : c.absorber_per_m3;
}

double stack_cost(const CaloStudyConfig& study, const std::vector<double>& x, std::vector<double>* gradient) {
  const CaloCostConfig& c = study.cost;
  const double area = 4.0 * study.half_width_m * study.half_width_m;
  double total = 0.0;
  std::size_t i = 0;
  for (const LayerGroupConfig& g : study.layers)
    for (int r = 0; r < g.repeat; ++r)
      for (const SlabConfig& s : g.slabs) {
        const double price = slab_price(c, s);
        total += area * price * x[i];
        if (gradient) (*gradient)[i] += area * price;
        if (s.active) total += c.per_channel * c.channels_per_layer;
        ++i;
      }
  return total;
}

double stack_budget(const CaloStudyConfig& study) {
  return study.cost.budget > 0 ? study.cost.budget : stack_cost(study, flatten(study), nullptr);
}

double stack_budget_term(const CaloCostConfig& c, double budget, double cost, double* d_cost) {
  const double r = cost / budget - 1.0;
  if (d_cost) *d_cost = c.budget_coefficient * 2.0 * r / budget;
  return c.budget_coefficient * r * r;
}

}  // namespace detgrad::calorimeter
