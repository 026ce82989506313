#pragma once
// The tomography task's figure of merit in evaluation mode (hard panel edges, hits drawn
// with the panels' efficiencies), with its statistical uncertainty from independent
// batches of muons.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tomography/tomography_layout.hpp"
#include "tomography/tomography_passes.hpp"

namespace detgrad::tomography {

struct Evaluation {
  double task_loss = 0.0;        // mean over the batches
  double task_loss_error = 0.0;  // standard error of that mean
  double cost = 0.0;
  double total = 0.0;            // task loss + budget term at this cost
  int batches = 0;
  std::uint64_t muons = 0;
  // fill_height with evaluation volumes: the squared error after a linear correction
  // truth = a + b predicted (the peer's metric), fitted and scored on alternate volumes.
  std::optional<double> calibrated_mse_m2;
};

double calibrated_height_mse(const std::vector<double>& predicted, const std::vector<double>& truth);

// `muons` split into `batches` batches, each with fresh muons (steps 10,000,000 + b, away
// from any optimisation step). With the study's evaluation volumes, each volume is one
// batch instead (muons_per_volume muons each, or an equal share of `muons`).
Evaluation evaluate_layout(const TomographyModel& model, const DesignParams<double>& design, std::uint64_t muons,
                           int batches, Backend backend);

nlohmann::json evaluation_json(const Evaluation& e);

}  // namespace detgrad::tomography
