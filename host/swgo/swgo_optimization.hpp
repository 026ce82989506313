#pragma once
// The SWGO task as the optimiser sees it: every unit's x and y (group "unit_xy", metres),
// the loss -U of the optimisation mode (expected errors: fisher_passes.hpp; fitted errors,
// with U_GF: fitted_passes.hpp) plus the optional array costs
// (array_costs.hpp) with its adjoint gradient, the least distance and the site kept by
// projection after every step. Within a step the shower source (the core disc) is built
// from the layout at the step's start and held fixed.
#include <memory>
#include <vector>

#include "optimize/optimization_problem.hpp"
#include "swgo/array_costs.hpp"
#include "swgo/fisher_passes.hpp"
#include "swgo/swgo_config.hpp"
#include "swgo/swgo_design.hpp"

namespace detgrad::swgo {

class SwgoOptimization : public optimize::OptimizationProblem {
 public:
  // backend cuda: the expected-errors passes run in float on the GPU (cuda_fisher.hpp);
  // otherwise, and for fitted errors (fitted_passes.hpp), on the CPU in double.
  SwgoOptimization(SwgoConfig config, LdfTables<double> tables, Layout initial, Backend backend = Backend::cpu);
  // swgo_design.hpp
  optimize::DesignDescription design() const override;
  std::vector<double> initial() const override { return parameters_of(initial_); }
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t showers) const override;
  std::string project(std::vector<double>& x) const override;
  nlohmann::json layout(const std::vector<double>& x) const override;
  // A layout file with the design's number of units, checked as the study's (validate_layout).
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override;
  // Whether the loss holds U_GF (fitted errors and c_GF != 0; with expected errors U_GF is
  // reported by the evaluation mode only).
  bool optimises_gamma_fraction() const;

  // U and, if asked, dU/dx at the layout with the source built from `source_layout` (with
  // fitted errors, the data are also recorded there).
  FisherUtility utility(const Layout& layout, const Layout& source_layout, std::uint32_t step,
                        std::uint64_t showers, bool with_gradient) const;

  // The loss -U + C_area + C_cable (array_costs.hpp) and, if asked, its gradient: what
  // evaluate() and the study's gradient check both use.
  struct Loss {
    double loss = 0.0;
    std::vector<double> gradient;
    FisherUtility utility;
    ArrayCosts costs;
  };
  Loss loss(const Layout& layout, const Layout& source_layout, std::uint32_t step, std::uint64_t showers,
            bool with_gradient) const;
  Loss loss(const std::vector<double>& x, const Layout& source_layout, std::uint32_t step, std::uint64_t showers,
            bool with_gradient) const;

 private:
  SwgoConfig config_;
  LdfTables<double> tables_;
  Layout initial_;
  Backend backend_;
};

}  // namespace detgrad::swgo
