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

SlabMap slab_map(const CaloStudyConfig& study) {
  SlabMap m;
  const bool groups = study.design.parameters == "groups";
  std::size_t next = 0;
  for (const LayerGroupConfig& g : study.layers) {
    for (int r = 0; r < g.repeat; ++r)
      for (std::size_t j = 0; j < g.slabs.size(); ++j) {
        const std::size_t p = groups ? next + j : next + std::size_t(r) * g.slabs.size() + j;
        m.parameter_of_slab.push_back(p);
        if (m.slabs_of_parameter.size() <= p) m.slabs_of_parameter.resize(p + 1, 0.0);
        m.slabs_of_parameter[p] += 1.0;
      }
    next += groups ? g.slabs.size() : std::size_t(g.repeat) * g.slabs.size();
  }
  return m;
}

std::vector<double> design_initial(const CaloStudyConfig& study) {
  const SlabMap m = slab_map(study);
  const std::vector<double> t = flatten(study);
  std::vector<double> x(m.slabs_of_parameter.size());
  for (std::size_t i = 0; i < t.size(); ++i) x[m.parameter_of_slab[i]] = t[i];
  return x;
}

std::vector<double> slab_thicknesses(const SlabMap& map, const std::vector<double>& x) {
  std::vector<double> t(map.parameter_of_slab.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = x[map.parameter_of_slab[i]];
  return t;
}

void add_design_gradient(const SlabMap& map, const std::vector<double>& slab_gradient, std::vector<double>& gradient) {
  for (std::size_t i = 0; i < slab_gradient.size(); ++i) gradient[map.parameter_of_slab[i]] += slab_gradient[i];
}

optimize::DesignDescription calo_design(const CaloStudyConfig& study) {
  optimize::DesignDescription d;
  const bool groups = study.design.parameters == "groups";
  bool absorber = false;
  std::size_t slab = 0;
  for (std::size_t g = 0; g < study.layers.size(); ++g) {
    const LayerGroupConfig& layer = study.layers[g];
    for (int r = 0; r < (groups ? 1 : layer.repeat); ++r)
      for (std::size_t j = 0; j < layer.slabs.size(); ++j) {
        const SlabConfig& s = layer.slabs[j];
        const std::string name = groups ? "layer" + std::to_string(g) + ".slab" + std::to_string(j) : "slab" + std::to_string(slab++);
        d.parameters.push_back({name + ".thickness_m", "m", s.active ? "active_thickness" : "absorber_thickness",
                                study.design.min_scale * s.thickness_m, study.design.max_scale * s.thickness_m});
        absorber = absorber || !s.active;
      }
  }
  // At first about 0.1 mm per step: a few % of the millimetre slabs of sampling calorimeters.
  if (absorber) d.groups.push_back({"absorber_thickness", 1e-4});
  d.groups.push_back({"active_thickness", 1e-4});
  optimize::DesignConstraint c;
  c.kind = "total_depth";
  c.parameters.resize(d.parameters.size());
  std::iota(c.parameters.begin(), c.parameters.end(), std::size_t(0));
  c.values = {{"max_depth_m", depth_limit_m(study)}};
  c.text = "the sum of all slab thicknesses (a group's parameter counted once per repeat) at most max_depth_m "
           "(Euclidean projection)";
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
                   const std::vector<double>& w, double max_depth) {
  const auto depth_at = [&](double lambda) {
    double sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += w[i] * std::clamp(x[i] - lambda * w[i], lower[i], upper[i]);
    return sum;
  };
  if (depth_at(0.0) > max_depth) {
    // depth_at falls from > max_depth at 0 to sum(w lower) <= max_depth at the largest (x - lower) / w.
    double lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) hi = std::max(hi, (x[i] - lower[i]) / w[i]);
    for (int it = 0; it < 200 && hi - lo > 1e-16 * (1.0 + hi); ++it) {
      const double mid = 0.5 * (lo + hi);
      (depth_at(mid) > max_depth ? lo : hi) = mid;
    }
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i] - hi * w[i], lower[i], upper[i]);
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
