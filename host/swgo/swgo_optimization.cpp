#include "swgo/swgo_optimization.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "optimize/constraints.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/cuda_fisher.hpp"
#include "swgo/fitted_passes.hpp"

namespace detgrad::swgo {

Layout layout_of(const std::vector<double>& x) {
  Layout l;
  for (std::size_t i = 0; i + 1 < x.size(); i += 2) l.add(x[i], x[i + 1]);
  return l;
}

std::vector<double> parameters_of(const Layout& layout) {
  std::vector<double> x;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    x.push_back(layout.x[i]);
    x.push_back(layout.y[i]);
  }
  return x;
}

SwgoOptimization::SwgoOptimization(SwgoConfig config, LdfTables<double> tables, Layout initial, Backend backend)
    : config_(std::move(config)), tables_(tables), initial_(std::move(initial)), backend_(backend) {}

std::vector<optimize::ParameterSpec> SwgoOptimization::parameters() const {
  std::vector<optimize::ParameterSpec> specs;
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < initial_.size(); ++i) {
    specs.push_back({"unit[" + std::to_string(i) + "].x", "m", "unit_xy", -inf, inf});
    specs.push_back({"unit[" + std::to_string(i) + "].y", "m", "unit_xy", -inf, inf});
  }
  return specs;
}

bool SwgoOptimization::optimises_gamma_fraction() const {
  return config_.optimization_errors == OptimizationErrors::fitted && config_.utility.gamma_fraction != 0.0;
}

// Units move by about 2 m per step at first (a tenth of a macro-unit's least distance).
std::vector<optimize::GroupSettings> SwgoOptimization::default_groups() const { return {{"unit_xy", 2.0}}; }

FisherUtility SwgoOptimization::utility(const std::vector<double>& x, const Layout& source_layout, std::uint32_t step,
                                        std::uint64_t showers, bool with_gradient) const {
  const Layout l = layout_of(x);
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
  Loss out;
  out.utility = utility(x, source_layout, step, showers, with_gradient);
  const Layout l = layout_of(x);
  const int n = int(l.size());
  const ArrayCostCoefficients& c = config_.utility.costs;
  out.costs = array_costs(l.x.data(), l.y.data(), n, c);
  out.loss = -out.utility.utility + out.costs.total();
  if (!with_gradient) return out;
  std::vector<double> d_x(l.size(), 0.0), d_y(l.size(), 0.0);
  array_costs_adjoint(l.x.data(), l.y.data(), n, c, 1.0, d_x.data(), d_y.data());
  out.gradient.resize(out.utility.gradient.size());
  for (std::size_t i = 0; i < out.gradient.size(); ++i)
    out.gradient[i] = -out.utility.gradient[i] + (i % 2 == 0 ? d_x[i / 2] : d_y[i / 2]);
  return out;
}

optimize::TaskEvaluation SwgoOptimization::evaluate(const std::vector<double>& x, std::uint32_t step,
                                                    std::uint64_t showers) const {
  Loss l = loss(x, layout_of(x), step, showers, true);
  const FisherUtility& u = l.utility;
  optimize::TaskEvaluation e;
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
// apart, and inside the site where the study has one. x holds (x0, y0, x1, y1, ...).
void SwgoOptimization::project(std::vector<double>& x) const {
  const optimize::PointLayout points{0, 2, 1, x.size() / 2};
  std::vector<optimize::Point2> p = optimize::gather_points(x, points);
  if (config_.site.empty()) {
    optimize::keep_points_apart(p, config_.least_distance());
  } else {
    optimize::keep_points_inside_and_apart(p, site_polygon(config_.site), config_.least_distance());
  }
  optimize::scatter_points(p, points, x);
}

nlohmann::json SwgoOptimization::layout(const std::vector<double>& x) const {
  nlohmann::json units = nlohmann::json::array();
  for (std::size_t i = 0; i + 1 < x.size(); i += 2) units.push_back({x[i], x[i + 1]});
  return {{"units", units}};
}

}  // namespace detgrad::swgo
