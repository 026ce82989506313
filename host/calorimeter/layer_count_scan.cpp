#include "calorimeter/layer_count_scan.hpp"

#include <cmath>

#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_design.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {
namespace {

constexpr int kMaxLayers = 10000;  // the study reader's limit on a group's repeat count
const char* const kPath = "calorimeter.design.parameters";

// The group's absorber and active slab (in the group's order: index of the absorber).
std::size_t absorber_index(const CaloStudyConfig& study) { return study.layers[0].slabs[0].active ? 1 : 0; }

}  // namespace

std::string layer_count_unusable(const CaloStudyConfig& study) {
  if (study.layers.size() != 1 || study.layers[0].slabs.size() != 2 ||
      study.layers[0].slabs[0].active == study.layers[0].slabs[1].active)
    return "\"layer_count\" needs a stack of one repeated group of one absorber and one active slab";
  const std::size_t ia = absorber_index(study);
  const double pa = slab_price(study.cost, study.layers[0].slabs[ia]);
  const double ps = slab_price(study.cost, study.layers[0].slabs[1 - ia]);
  if (!(std::fabs(pa - ps) > 1e-12 * (std::fabs(pa) + std::fabs(ps))))
    return "\"layer_count\" needs different prices for the absorber and the active material (calorimeter.cost): "
           "with equal prices cost and depth do not fix the two thicknesses";
  return "";
}

LayerCountLayout equal_budget_layers(const CaloStudyConfig& study, int layers) {
  const std::string why = layer_count_unusable(study);
  if (!why.empty()) throw StudyError(kPath, why);
  if (layers < 1 || layers > kMaxLayers)
    throw StudyError(kPath, std::to_string(layers) + " layers: expected 1 to " + std::to_string(kMaxLayers));
  const std::size_t ia = absorber_index(study);
  const CaloCostConfig& c = study.cost;
  const double pa = slab_price(c, study.layers[0].slabs[ia]);
  const double ps = slab_price(c, study.layers[0].slabs[1 - ia]);
  const double area = 4.0 * study.half_width_m * study.half_width_m;
  const double depth = depth_limit_m(study) / layers;                                          // a + s
  const double material = (stack_budget(study) / layers - c.per_channel * c.channels_per_layer) / area;  // pa a + ps s
  LayerCountLayout l;
  l.layers = layers;
  l.absorber_m = (material - ps * depth) / (pa - ps);
  l.active_m = depth - l.absorber_m;
  if (!(l.absorber_m > 0 && l.active_m > 0))
    throw StudyError(kPath, std::to_string(layers) + " layers at the study's cost and depth need an absorber of " +
                                std::to_string(1e3 * l.absorber_m) + " mm and an active slab of " +
                                std::to_string(1e3 * l.active_m) + " mm: no such stack");
  return l;
}

CaloStudyConfig with_layer_count(const CaloStudyConfig& study, const LayerCountLayout& layout) {
  CaloStudyConfig out = study;
  const std::size_t ia = absorber_index(study);
  out.layers[0].repeat = layout.layers;
  out.layers[0].slabs[ia].thickness_m = layout.absorber_m;
  out.layers[0].slabs[1 - ia].thickness_m = layout.active_m;
  return out;
}

nlohmann::json layer_count_layout_json(const CaloStudyConfig& study, const LayerCountLayout& layout) {
  const CaloStudyConfig s = with_layer_count(study, layout);
  nlohmann::json slabs = nlohmann::json::array();
  for (const SlabConfig& slab : s.layers[0].slabs)
    slabs.push_back({{"material", slab.material}, {"active", slab.active}, {"thickness_m", slab.thickness_m}});
  return {{"task", "calorimeter"},
          {"layer_count", layout.layers},
          {"slabs", slabs},
          {"depth_m", layout.layers * (layout.absorber_m + layout.active_m)},
          {"cost", stack_cost(s, flatten(s), nullptr)}};
}

LayerCountLayout read_layer_count_layout(const CaloStudyConfig& study, const nlohmann::json& layout,
                                         const std::string& name) {
  const std::string why = layer_count_unusable(study);
  if (!why.empty()) throw StudyError(name, "a layer-count layout, but the study's " + why.substr(std::string("\"layer_count\" ").size()));
  LayerCountLayout l;
  try {
    const nlohmann::json& n = layout.at("layer_count");
    if (!n.is_number_integer() || n.get<long long>() < 1 || n.get<long long>() > kMaxLayers)
      throw StudyError(name, "layer_count must be a whole number from 1 to " + std::to_string(kMaxLayers));
    l.layers = n.get<int>();
    const nlohmann::json& list = layout.at("slabs");
    if (!list.is_array() || list.size() != 2) throw StudyError(name, "a layer-count layout has the group's 2 slabs");
    for (std::size_t i = 0; i < 2; ++i) {
      const SlabConfig& own = study.layers[0].slabs[i];
      const std::string where = "slabs[" + std::to_string(i) + "]";
      if (list[i].at("material").get<std::string>() != own.material || list[i].at("active").get<bool>() != own.active)
        throw StudyError(name, where + " does not match the study's group (\"" + own.material + "\"" +
                                   (own.active ? ", active)" : ")"));
      const double t = list[i].at("thickness_m").get<double>();
      if (!(std::isfinite(t) && t > 0)) throw StudyError(name, where + ".thickness_m must be a finite number > 0");
      (own.active ? l.active_m : l.absorber_m) = t;
    }
  } catch (const nlohmann::json::exception& e) {
    throw StudyError(name, std::string("not a calorimeter layer-count layout: ") + e.what());
  }
  return l;
}

[[noreturn]] void refuse_layer_count_gradient() {
  throw StudyError(kPath, "\"layer_count\" is a design for detgrad scan (a whole number of layers has no gradient): "
                          "optimize and gradcheck need \"slabs\" or \"groups\"");
}

optimize::DesignDescription LayerCountScan::design() const {
  optimize::DesignDescription d;
  d.parameters.push_back({"layers", "layers", "layer_count", 1.0, double(kMaxLayers)});
  d.groups.push_back({"layer_count", 1.0});
  d.constraints.push_back({"equal_budget", {0}, {{"depth_m", depth_limit_m(study_)}, {"cost", stack_budget(study_)}},
                           "the absorber and active thicknesses solved from the study's cost and depth at each "
                           "(rounded) layer count"});
  return d;
}

std::vector<double> LayerCountScan::initial() const { return {double(study_.layers[0].repeat)}; }

optimize::StepEvaluation LayerCountScan::evaluate(const std::vector<double>&, std::uint32_t, std::uint64_t) const {
  refuse_layer_count_gradient();
}

nlohmann::json LayerCountScan::layout(const std::vector<double>& x) const {
  return layer_count_layout_json(study_, equal_budget_layers(study_, int(std::lround(x.at(0)))));
}

std::vector<double> LayerCountScan::read_layout(const nlohmann::json& layout, const std::string& name) const {
  return {double(read_layer_count_layout(study_, layout, name).layers)};
}

}  // namespace detgrad::calorimeter
