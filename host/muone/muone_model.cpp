#include "muone/muone_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detgrad/core/error.hpp"
#include "muone/muone_design.hpp"
#include "muone/side_model.hpp"
#include "muone/station_cost.hpp"

namespace detgrad::muone {

std::vector<double> resolved_bins(const MuoneStudyConfig& study) {
  std::vector<double> edges = study.figure.q2_bins_GeV2;
  if (!edges.empty() && edges.back() == 0.0) edges.back() = event_range(study.station).q2_hi_GeV2;
  return edges;
}

MuoneModel::MuoneModel(MuoneStudyConfig study) : study_(std::move(study)) {
  setup_.fixed = build_fixed(study_.station, study_.common.seed);
  loss_.q2_edges_GeV2 = resolved_bins(study_);
  loss_.high_q2_exponent = study_.figure.high_q2_exponent;
  setup_.n_bins = int(loss_.q2_edges_GeV2.size()) - 1;
  for (std::size_t i = 0; i < loss_.q2_edges_GeV2.size(); ++i) setup_.q2_edges_GeV2[i] = loss_.q2_edges_GeV2[i];
  setup_.softness_m = study_.figure.softness_m;
  budget_ = budget_of(study_.cost, study_.station);
}

optimize::DesignDescription MuoneModel::design() const { return muone_design(study_.station); }

std::vector<double> MuoneModel::flatten(const StationDesign<double>& d) const {
  return muone::flatten(d, study_.station.modules.size());
}

StationDesign<double> MuoneModel::unflatten(const std::vector<double>& x) const {
  return muone::unflatten(x, study_.station.modules.size());
}

std::vector<double> MuoneModel::initial() const { return flatten(build_design<double>(study_.station)); }

void MuoneModel::project(std::vector<double>& x) const {
  const StationConfig& s = study_.station;
  const int n = int(s.modules.size()), up = setup_.fixed.n_upstream;
  const auto depth = [&](int i) { return s.modules[std::size_t(i)].depth_m; };
  double& zt = x[target_index(std::size_t(n), kTargetZ)];
  const double half = 0.5 * x[target_index(std::size_t(n), kTargetThickness)];
  // The target where both sides' modules still fit between it and the station's ends.
  double depth_up = 0, depth_down = 0;
  for (int i = 0; i < n; ++i) (i < up ? depth_up : depth_down) += depth(i);
  zt = std::min(std::max(zt, s.z_start_m + depth_up + half), s.z_end_m - depth_down - half);
  // Each side between its walls: forward then backward sweeps keep every module at least
  // half its depth plus half its neighbour's (0 for a wall) from the next.
  const auto fit = [&](int first, int end, double lo, double hi) {
    double limit = lo, limit_depth = 0;
    for (int i = first; i < end; ++i) {
      double& z = x[module_index(std::size_t(i), kModuleZ)];
      z = std::max(z, limit + 0.5 * (depth(i) + limit_depth));
      limit = z;
      limit_depth = depth(i);
    }
    limit = hi;
    limit_depth = 0;
    for (int i = end - 1; i >= first; --i) {
      double& z = x[module_index(std::size_t(i), kModuleZ)];
      z = std::min(z, limit - 0.5 * (depth(i) + limit_depth));
      limit = z;
      limit_depth = depth(i);
    }
  };
  fit(0, up, s.z_start_m, zt - half);
  fit(up, n, zt + half, s.z_end_m);
}

MuoneLoss MuoneModel::loss(const std::vector<double>& x, const PassOptions& options, Gradient gradient) const {
  ModelDesign<double> md{};
  md.station = unflatten(x);
  MuoneLoss out;
  if (!fill_side_models(setup_.fixed, md)) {
    // A side whose modules no longer fix a line (cannot happen after project()).
    out.loss = std::numeric_limits<double>::infinity();
    if (gradient == Gradient::yes) out.gradient.assign(x.size(), 0.0);
    return out;
  }
  const ModelEvaluation e = evaluate_model(setup_, md, options, loss_, gradient);
  out.resolution_loss = e.loss.loss;
  out.resolution = e.loss.resolution;
  out.cost = station_cost(study_.cost, study_.station, md.station);
  double d_cost = 0;
  out.budget_loss = budget_term(study_.cost, budget_, out.cost, &d_cost);
  out.loss = out.resolution_loss + out.budget_loss;
  if (gradient == Gradient::no) return out;
  ModelDesign<double> g = e.gradient;
  side_models_adjoint(setup_.fixed, md, g);
  const std::vector<double> dc = station_cost_sigma_gradient(study_.cost, study_.station, md.station);
  for (std::size_t i = 0; i < dc.size(); ++i) g.station.module[i].sigma += d_cost * dc[i];
  out.gradient = flatten(g.station);
  return out;
}

nlohmann::json MuoneModel::layout(const std::vector<double>& x) const {
  const StationDesign<double> d = unflatten(x);
  nlohmann::json modules = nlohmann::json::array();
  for (std::size_t i = 0; i < study_.station.modules.size(); ++i)
    modules.push_back({{"name", study_.station.modules[i].name},
                       {"z_m", d.module[i].z},
                       {"offset_m", d.module[i].offset},
                       {"sigma_m", d.module[i].sigma}});
  return {{"task", "muone"},
          {"modules", modules},
          {"target", {{"z_m", d.target.z}, {"thickness_m", d.target.thickness}}},
          {"cost", station_cost(study_.cost, study_.station, d)}};
}

std::vector<double> MuoneModel::read_layout(const nlohmann::json& layout, const std::string& name) const {
  std::vector<double> x = initial();
  try {
    const auto& modules = layout.at("modules");
    if (modules.size() != study_.station.modules.size())
      throw StudyError(name, std::to_string(modules.size()) + " modules, the study has " +
                                 std::to_string(study_.station.modules.size()));
    for (std::size_t i = 0; i < modules.size(); ++i) {
      if (modules[i].at("name").get<std::string>() != study_.station.modules[i].name)
        throw StudyError(name, "module " + std::to_string(i) + " is " + modules[i].at("name").dump() +
                                   ", the study's is \"" + study_.station.modules[i].name + "\"");
      x[module_index(i, kModuleZ)] = modules[i].at("z_m").get<double>();
      x[module_index(i, kModuleOffset)] = modules[i].at("offset_m").get<double>();
      x[module_index(i, kModuleSigma)] = modules[i].at("sigma_m").get<double>();
    }
    x[target_index(modules.size(), kTargetZ)] = layout.at("target").at("z_m").get<double>();
    x[target_index(modules.size(), kTargetThickness)] = layout.at("target").at("thickness_m").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw StudyError(name, std::string("not a MUonE layout: ") + e.what());
  }
  return x;
}

}  // namespace detgrad::muone
