#pragma once
// The MUonE task's design as the optimiser sees it, and its optimisation-mode loss.
//
// Parameters (muone_design.hpp): for every module its z, the offset of its active area along
// the measured coordinate and its resolution; then the target's centre and thickness.
// Loss = resolution loss of the smooth model (resolution_loss.hpp) + the budget term
// (station_cost.hpp), with its gradient: the side models' adjoint (side_model.hpp) and the
// cost's derivative added to the passes' (muone_passes.hpp).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "muone/model_step.hpp"
#include "muone/muone_config.hpp"
#include "optimize/design_description.hpp"

namespace detgrad::muone {

struct MuoneLoss {
  double loss = 0.0;             // total
  double resolution_loss = 0.0;  // sum_b lambda_b r_b
  double budget_loss = 0.0;
  double cost = 0.0;
  std::vector<double> resolution;  // r_b per bin
  std::vector<double> gradient;    // empty when not asked for
};

class MuoneModel {
 public:
  explicit MuoneModel(MuoneStudyConfig study);

  const MuoneStudyConfig& study() const { return study_; }
  const ModelSetup& setup() const { return setup_; }
  const ResolutionLossConfig& loss_config() const { return loss_; }
  double budget() const { return budget_; }

  optimize::DesignDescription design() const;  // muone_design.hpp
  std::vector<double> initial() const;
  StationDesign<double> unflatten(const std::vector<double>& x) const;
  std::vector<double> flatten(const StationDesign<double>& d) const;
  // Keeps the modules in their order along z, at least their depths apart, out of the target
  // and inside the station.
  void project(std::vector<double>& x) const;

  MuoneLoss loss(const std::vector<double>& x, const PassOptions& options, Gradient gradient) const;

  nlohmann::json layout(const std::vector<double>& x) const;
  // A layout file's design; StudyError naming `name` when it does not fit the study.
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const;

 private:
  MuoneStudyConfig study_;
  ModelSetup setup_;
  ResolutionLossConfig loss_;
  double budget_;
};

// The q2 bin edges with the last edge 0 resolved to the kinematic maximum.
std::vector<double> resolved_bins(const MuoneStudyConfig& study);

}  // namespace detgrad::muone
