#include "swgo/swgo_optimization.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "detgrad/core/error.hpp"
#include "optimize/constraints.hpp"
#include "study/message_format.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/cuda_fisher.hpp"
#include "swgo/fitted_passes.hpp"
#include "swgo/layout_json.hpp"
#include "swgo/swgo_json.hpp"

namespace detgrad::swgo {

SwgoOptimization::SwgoOptimization(SwgoConfig config, LdfTables<double> tables, Layout initial, Backend backend)
    : config_(std::move(config)), tables_(tables), initial_(std::move(initial)), backend_(backend) {}

optimize::DesignDescription SwgoOptimization::design() const { return swgo_design(config_, initial_.size()); }

bool SwgoOptimization::optimises_gamma_fraction() const {
  return config_.optimization_errors == OptimizationErrors::fitted && config_.utility.gamma_fraction != 0.0;
}

FisherUtility SwgoOptimization::utility(const Layout& l, const Layout& source_layout, std::uint32_t step,
                                        std::uint64_t showers, bool with_gradient) const {
  FisherSetup<double> setup;
  setup.tables = tables_;
  setup.source = study_shower_source(config_, source_layout);
  setup.array = {l.x.data(), l.y.data(), int(l.size()), config_.unit_area_m2(), config_.tanks_per_unit()};
  UtilityCoefficients c;
  c.gamma_fraction = config_.utility.gamma_fraction;
  c.energy = config_.utility.energy;
  c.pointing = config_.utility.pointing;
  if (config_.optimization_errors == OptimizationErrors::fitted) {
    // The step's data are recorded at the layout of the step's start (the source's layout).
    FitSetup<double> fit;
    fit.model = setup;
    fit.data_x = source_layout.x.data();
    fit.data_y = source_layout.y.data();
    fit.time_errors = config_.reference_time_errors ? TimeErrors::reference : TimeErrors::recorded;
    return fitted_utility(fit, step, 0, showers, c, with_gradient);
  }
  if (backend_ == Backend::cuda) return fisher_utility_cuda(setup, step, 0, showers, c, with_gradient);
  return fisher_utility(setup, step, 0, showers, c, with_gradient);
}

SwgoOptimization::Loss SwgoOptimization::loss(const std::vector<double>& x, const Layout& source_layout,
                                               std::uint32_t step, std::uint64_t showers, bool with_gradient) const {
  return loss(layout_of(x), source_layout, step, showers, with_gradient);
}

SwgoOptimization::Loss SwgoOptimization::loss(const Layout& l, const Layout& source_layout, std::uint32_t step,
                                               std::uint64_t showers, bool with_gradient) const {
  Loss out;
  out.utility = utility(l, source_layout, step, showers, with_gradient);
  const int n = int(l.size());
  const ArrayCostCoefficients& c = config_.utility.costs;
  out.costs = array_costs(l.x.data(), l.y.data(), n, c);
  out.loss = -out.utility.utility + out.costs.total();
  if (!with_gradient) return out;
  Layout d_costs;  // dC/dx and dC/dy per unit
  d_costs.x.assign(l.size(), 0.0);
  d_costs.y.assign(l.size(), 0.0);
  array_costs_adjoint(l.x.data(), l.y.data(), n, c, 1.0, d_costs.x.data(), d_costs.y.data());
  const std::vector<double> d_cost = parameters_of(d_costs);
  out.gradient.resize(out.utility.gradient.size());
  for (std::size_t i = 0; i < out.gradient.size(); ++i) out.gradient[i] = -out.utility.gradient[i] + d_cost[i];
  return out;
}

optimize::StepEvaluation SwgoOptimization::evaluate(const std::vector<double>& x, std::uint32_t step,
                                                    std::uint64_t showers) const {
  const Layout layout = layout_of(x);  // the step's design, and the source's layout
  Loss l = loss(layout, layout, step, showers, true);
  const FisherUtility& u = l.utility;
  optimize::StepEvaluation e;
  e.loss = l.loss;
  e.terms = {{"U_IR", u.energy_term},
             {"U_PR", u.pointing_term},
             {"utility", u.utility},
             {"gamma_weight", u.accumulators[0]},
             {"gamma_showers", u.accumulators[3]}};
  // U_GF is optimised with fitted errors only (its columns fixed for a run, as the costs').
  if (optimises_gamma_fraction())
    e.terms.insert(e.terms.begin(), {{"U_GF", u.gamma_fraction_term}, {"gamma_fraction", u.fraction},
                                     {"gamma_fraction_sigma", u.fraction_sigma}});
  // The costs' columns when a cost is on (fixed for a run, so history.csv's columns are too).
  if (config_.utility.costs.any())
    e.terms.insert(e.terms.end(), {{"C_area", l.costs.area},
                                   {"C_cable", l.costs.cable},
                                   {"hull_area_km2", l.costs.hull_area_m2 / 1e6},
                                   {"cable_km", l.costs.cable_length_m / 1e3}});
  e.gradient = std::move(l.gradient);
  return e;
}

// The shared projections (optimize/constraints.hpp): units at least the least distance
// apart, and inside the site where the study has one (swgo_design.hpp).
std::string SwgoOptimization::project(std::vector<double>& x) const {
  const optimize::PointLayout points{UnitPacking::index(0, kUnitX), kUnitFields, kUnitY - kUnitX,
                                     x.size() / kUnitFields};
  std::vector<optimize::Point2> p = optimize::gather_points(x, points);
  bool apart = true, inside = true;
  int sweeps = 0;
  if (config_.site.empty()) {
    const optimize::ApartResult r = optimize::keep_points_apart(p, config_.least_distance());
    apart = r.satisfied;
    sweeps = r.sweeps;
  } else {
    const optimize::InsideAndApartResult r =
        optimize::keep_points_inside_and_apart(p, site_polygon(config_.site), config_.least_distance());
    apart = r.apart;
    inside = r.inside;
    sweeps = r.sweeps;
  }
  optimize::scatter_points(p, points, x);
  std::string shortfall;
  if (!apart)
    shortfall += "some units are closer than the least distance (" + study_detail::format_number(config_.least_distance()) +
                 " m) after " + std::to_string(sweeps) + " sweeps; ";
  if (!inside) shortfall += "some units are outside the site; ";
  if (!shortfall.empty()) shortfall.resize(shortfall.size() - 2);  // the last "; "
  return shortfall;
}

nlohmann::json SwgoOptimization::layout(const std::vector<double>& x) const { return layout_json(layout_of(x)); }

std::vector<double> SwgoOptimization::read_layout(const nlohmann::json& layout, const std::string& name) const {
  const Layout l = read_layout_json(layout, name);
  if (l.size() != initial_.size())
    throw StudyError(name, std::to_string(l.size()) + " units, the design has " + std::to_string(initial_.size()));
  validate_layout(config_, l, name);
  return parameters_of(l);
}

}  // namespace detgrad::swgo
