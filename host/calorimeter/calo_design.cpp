#include "calorimeter/calo_design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {
namespace {

std::vector<SlabConfig> expanded_slabs(const CaloStudyConfig& study) {
  std::vector<SlabConfig> slabs;
  for (const LayerGroupConfig& g : study.layers)
    for (int r = 0; r < g.repeat; ++r) slabs.insert(slabs.end(), g.slabs.begin(), g.slabs.end());
  return slabs;
}

}  // namespace

double depth_limit_m(const CaloStudyConfig& study) {
  if (study.design.max_depth_m > 0) return study.design.max_depth_m;
  const std::vector<double> x = flatten(study);
  return std::accumulate(x.begin(), x.end(), 0.0);
}

optimize::DesignDescription calo_design(const CaloStudyConfig& study) {
  optimize::DesignDescription d;
  const std::vector<SlabConfig> slabs = expanded_slabs(study);
  bool absorber = false;
  for (std::size_t i = 0; i < slabs.size(); ++i) {
    const double t = slabs[i].thickness_m;
    d.parameters.push_back({"slab" + std::to_string(i) + ".thickness_m", "m",
                            slabs[i].active ? "active_thickness" : "absorber_thickness", study.design.min_scale * t,
                            study.design.max_scale * t});
    absorber = absorber || !slabs[i].active;
  }
  // At first about 0.1 mm per step: a few % of the millimetre slabs of sampling calorimeters.
  if (absorber) d.groups.push_back({"absorber_thickness", 1e-4});
  d.groups.push_back({"active_thickness", 1e-4});
  optimize::DesignConstraint c;
  c.kind = "total_depth";
  c.parameters.resize(slabs.size());
  std::iota(c.parameters.begin(), c.parameters.end(), std::size_t(0));
  c.values = {{"max_depth_m", depth_limit_m(study)}};
  c.text = "the sum of all slab thicknesses at most max_depth_m (Euclidean projection)";
  d.constraints.push_back(c);
  return d;
}

std::vector<double> flatten(const CaloStudyConfig& study) {
  std::vector<double> x;
  for (const SlabConfig& s : expanded_slabs(study)) x.push_back(s.thickness_m);
  return x;
}

CaloStudyConfig unflatten(const CaloStudyConfig& study, const std::vector<double>& x) {
  std::vector<SlabConfig> slabs = expanded_slabs(study);
  if (x.size() != slabs.size()) throw std::invalid_argument("calorimeter design: wrong number of thicknesses");
  CaloStudyConfig out = study;
  out.layers.clear();
  for (std::size_t i = 0; i < slabs.size(); ++i) {
    slabs[i].thickness_m = x[i];
    out.layers.push_back({1, {slabs[i]}});
  }
  return out;
}

void project_depth(std::vector<double>& x, const std::vector<double>& lower, const std::vector<double>& upper,
                   double max_depth) {
  const auto depth_at = [&](double lambda) {
    double sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += std::clamp(x[i] - lambda, lower[i], upper[i]);
    return sum;
  };
  if (depth_at(0.0) > max_depth) {
    // depth_at falls from > max_depth at 0 to sum(lower) <= max_depth at the largest x - lower.
    double lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) hi = std::max(hi, x[i] - lower[i]);
    for (int it = 0; it < 200 && hi - lo > 1e-16 * (1.0 + hi); ++it) {
      const double mid = 0.5 * (lo + hi);
      (depth_at(mid) > max_depth ? lo : hi) = mid;
    }
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i] - hi, lower[i], upper[i]);
  } else {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i], lower[i], upper[i]);
  }
}

nlohmann::json layout_json(const CaloStudyConfig& study, const std::vector<double>& x, double cost) {
  const std::vector<SlabConfig> slabs = expanded_slabs(study);
  nlohmann::json list = nlohmann::json::array();
  double depth = 0.0;
  for (std::size_t i = 0; i < slabs.size(); ++i) {
    list.push_back({{"material", slabs[i].material}, {"active", slabs[i].active}, {"thickness_m", x[i]}});
    depth += x[i];
  }
  return {{"task", "calorimeter"}, {"slabs", list}, {"depth_m", depth}, {"cost", cost}};
}

std::vector<double> read_layout(const CaloStudyConfig& study, const nlohmann::json& layout, const std::string& name) {
  const std::vector<SlabConfig> slabs = expanded_slabs(study);
  std::vector<double> x;
  try {
    if (!layout.is_object() || layout.value("task", std::string("calorimeter")) != "calorimeter")
      throw StudyError(name, "not a calorimeter layout");
    const nlohmann::json& list = layout.at("slabs");
    if (!list.is_array() || list.size() != slabs.size())
      throw StudyError(name, std::to_string(list.size()) + " slabs, the study has " + std::to_string(slabs.size()));
    for (std::size_t i = 0; i < slabs.size(); ++i) {
      const std::string where = "slabs[" + std::to_string(i) + "]";
      if (list[i].at("material").get<std::string>() != slabs[i].material ||
          list[i].at("active").get<bool>() != slabs[i].active)
        throw StudyError(name, where + " is " + list[i].at("material").dump() + (list[i].at("active").get<bool>() ? " (active)" : "") +
                                   ", the study's is \"" + slabs[i].material + "\"" + (slabs[i].active ? " (active)" : ""));
      const double t = list[i].at("thickness_m").get<double>();
      if (!(std::isfinite(t) && t > 0)) throw StudyError(name, where + ".thickness_m must be a finite number > 0");
      x.push_back(t);
    }
  } catch (const nlohmann::json::exception& e) {
    throw StudyError(name, std::string("not a calorimeter layout: ") + e.what());
  }
  return x;
}

}  // namespace detgrad::calorimeter
