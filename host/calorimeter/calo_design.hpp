#pragma once
// The calorimeter task's design, described once (optimize/design_description.hpp): with
// calorimeter.design.parameters "slabs" (the default) every slab of the stack, in its order
// along z (repeated groups expanded), is a record of one field, named "slab<i>.thickness_m";
// with "groups", slab j of layer group g is one, "layer<g>.slab<j>.thickness_m", shared by
// the group's repeats (the slabs it sets: SlabMap):
//
//   field        unit  group                                   bounds
//   thickness_m  m     absorber_thickness or active_thickness  [min_scale, max_scale] x the study's thickness
//
// and the constraint beyond boxes: the total depth at most calorimeter.design.max_depth_m
// (0: the study's own depth), kept by a Euclidean projection (project_depth).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calorimeter/calo_config.hpp"
#include "optimize/design_description.hpp"

namespace detgrad::calorimeter {

optimize::DesignDescription calo_design(const CaloStudyConfig& study);

// The depth limit the design keeps (calorimeter.design.max_depth_m, or the study's depth).
double depth_limit_m(const CaloStudyConfig& study);

// The study's stack <-> design vector (every slab's thickness, in order along z).
std::vector<double> flatten(const CaloStudyConfig& study);
// The study with its stack replaced by the slabs of x, one layer per slab (materials, active
// flags and weights kept). x must have one entry per slab.
CaloStudyConfig unflatten(const CaloStudyConfig& study, const std::vector<double>& x);

// Which design parameter sets each slab (in order along z), and how many slabs each sets.
struct SlabMap {
  std::vector<std::size_t> parameter_of_slab;
  std::vector<double> slabs_of_parameter;
};
SlabMap slab_map(const CaloStudyConfig& study);
// The study's design vector; every slab's thickness from a design vector; a per-slab
// gradient summed into the design's (added to `gradient`).
std::vector<double> design_initial(const CaloStudyConfig& study);
std::vector<double> slab_thicknesses(const SlabMap& map, const std::vector<double>& x);
void add_design_gradient(const SlabMap& map, const std::vector<double>& slab_gradient, std::vector<double>& gradient);

// Clamps x into [lower, upper] and, when the depth sum w_i x_i exceeds max_depth, moves x to
// the nearest point (Euclidean) of {lower <= x <= upper, sum w x <= max_depth}:
// x_i = clamp(x_i - lambda w_i), lambda >= 0 found by bisection. Needs sum(w lower) <=
// max_depth (validated); w > 0 (the slabs each parameter sets).
void project_depth(std::vector<double>& x, const std::vector<double>& lower, const std::vector<double>& upper,
                   const std::vector<double>& weights, double max_depth);

// A layout file: {"task": "calorimeter", "slabs": [{"material", "active", "thickness_m"}...],
// "depth_m", "cost"}; read_layout checks it against the study (slab count, materials, active
// flags, positive finite thicknesses) and throws StudyError naming `name` when it does not fit.
nlohmann::json layout_json(const CaloStudyConfig& study, const std::vector<double>& x, double cost);
std::vector<double> read_layout(const CaloStudyConfig& study, const nlohmann::json& layout, const std::string& name);

}  // namespace detgrad::calorimeter
