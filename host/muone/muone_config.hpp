#pragma once
// A MUonE study (host side): the common keys, the event counts, the station, the figure of
// merit and the cost model.
#include <cstdint>
#include <vector>

#include "detgrad/study/common_config.hpp"
#include "muone/misalignment_config.hpp"
#include "muone/station_config.hpp"

namespace detgrad::muone {

struct FigureConfig {
  // Bins of true q2 (GeV^2) in which the relative resolution is measured; the last edge 0
  // means the kinematic maximum.
  std::vector<double> q2_bins_GeV2 = {0.001, 0.02, 0.05, 0.08, 0.11, 0.0};
  double high_q2_exponent = 1.0;  // bin weights q2^gamma (resolution_loss.hpp)
  double softness_m = 1e-3;       // soft acceptance edge of the optimisation mode
};

// cost = sum over modules of (module + area_per_m2 size^2 + resolution reference_sigma / sigma);
// the loss adds budget_coefficient (cost / budget - 1)^2, budget 0 meaning the cost of the
// study's own design: layouts are compared at equal cost.
struct CostConfig {
  double module = 1.0;
  double area_per_m2 = 0.0;
  double resolution = 1.0;
  double reference_sigma_m = 26e-6;
  double budget = 0.0;
  double budget_coefficient = 1.0;
};

struct MuoneStudyConfig {
  CommonStudyConfig common;
  std::uint64_t events = 100000;
  std::uint64_t save_events = 1000;  // events written by simulate
  StationConfig station;
  FigureConfig figure;
  CostConfig cost;
  MisalignmentConfig misalignment;  // simulate: the true geometry (absent: the nominal one)
  AlignmentFitConfig alignment;     // detgrad align's settings
};

}  // namespace detgrad::muone
