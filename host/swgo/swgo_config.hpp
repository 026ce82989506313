#pragma once
// The "swgo" section of a study, typed (docs/study-format.md, SWGO part). Read and checked by
// swgo_json.hpp; every default below is the reference model's unless stated.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detgrad/study/common_config.hpp"
#include "detgrad/swgo/constants.hpp"
#include "swgo/array_costs.hpp"
#include "swgo/layout.hpp"
#include "swgo/layout_constraints.hpp"
#include "swgo/layout_generators.hpp"

namespace detgrad::swgo {

enum class UnitKind { tank, macro_unit };

// How the optimisation mode estimates each gamma shower's errors: the expected information
// at the true parameters (fisher_utility.hpp), or the expected information at the parameters
// fitted to the step's sampled data, with the gradient through the fits (fit_utility.hpp).
enum class OptimizationErrors { expected, fitted };

struct LayoutConfig {
  // Exactly one of: a file of "x y" / "index x y" lines, inline units, a generator.
  std::string file;
  std::vector<std::array<double, 2>> units;
  std::optional<LayoutGenerator> generator;
};

struct UtilityConfig {
  double gamma_fraction = 1.0;  // c_GF
  double energy = 1.0;          // c_IR
  double pointing = 1.0;        // c_PR
  ArrayCostCoefficients costs;  // optional hull-area and cable costs (array_costs.hpp), off by default
};

struct SwgoConfig {
  CommonStudyConfig common;
  std::string data_dir;  // LDF parameter files; empty: the share folder's data/swgo
  LayoutConfig layout;
  UnitKind unit = UnitKind::macro_unit;
  std::optional<double> least_distance_m;  // default: 2 x 1.91 + 0.6 m (tanks), 22.1 m (macro-units)
  Polygon site;                            // empty: no site
  double gamma_fraction = 0.5;
  double energy_min_PeV = kEnergyMin_PeV;
  double energy_max_PeV = kEnergyMax_PeV;
  double spectral_slope = 0.0;
  double core_slack_m = kCoreSlack_m;
  std::uint64_t showers = 2000;           // simulate, and the evaluation sample of evaluate
  std::uint64_t template_showers = 2000;  // gamma/hadron templates of the evaluation mode
  std::uint64_t save_showers = 5;         // simulate: per-unit counts of the first K showers
  UtilityConfig utility;
  bool reference_time_errors = false;     // true: sigma_T = 10 ns for every unit (the reference)
  OptimizationErrors optimization_errors = OptimizationErrors::expected;

  double unit_area_m2() const { return unit == UnitKind::tank ? kTankArea_m2 : kMacroUnitArea_m2; }
  int tanks_per_unit() const { return unit == UnitKind::tank ? 1 : kTanksPerMacroUnit; }
  double least_distance() const {
    return least_distance_m ? *least_distance_m
                            : (unit == UnitKind::tank ? kTankLeastDistance_m : kMacroUnitLeastDistance_m);
  }
};

}  // namespace detgrad::swgo
