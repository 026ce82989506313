#include "optimize/parameter_groups.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace detgrad::optimize {
namespace {

std::string number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

void validate_group(const GroupSettings& g) {
  const std::string where = "optimizer group '" + g.group + "'";
  if (g.group.empty()) throw std::invalid_argument("optimizer group settings: empty group name");
  if (!g.frozen && !(std::isfinite(g.step_size) && g.step_size > 0.0))
    throw std::invalid_argument(where + ": step_size " + number(g.step_size) + " must be finite and > 0");
  if (!(std::isfinite(g.max_update) && g.max_update >= 0.0))
    throw std::invalid_argument(where + ": max_update " + number(g.max_update) +
                                " must be finite and >= 0 (0 = no limit)");
}

}  // namespace

ParameterLayout::ParameterLayout(std::vector<ParameterSpec> specs, std::vector<GroupSettings> groups)
    : specs_(std::move(specs)), groups_(std::move(groups)) {
  if (specs_.empty()) throw std::invalid_argument("optimizer: no parameters");
  std::unordered_map<std::string, std::size_t> group_index;
  for (std::size_t k = 0; k < groups_.size(); ++k) {
    validate_group(groups_[k]);
    if (!group_index.emplace(groups_[k].group, k).second)
      throw std::invalid_argument("optimizer group '" + groups_[k].group + "': settings given twice");
  }
  std::unordered_set<std::string> names;
  group_of_.resize(specs_.size());
  members_.resize(groups_.size());
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const ParameterSpec& s = specs_[i];
    if (s.name.empty()) throw std::invalid_argument("optimizer parameter " + std::to_string(i) + ": empty name");
    if (!names.insert(s.name).second) throw std::invalid_argument("optimizer parameter '" + s.name + "': duplicate name");
    if (std::isnan(s.lower) || std::isnan(s.upper) || s.lower > s.upper)
      throw std::invalid_argument("optimizer parameter '" + s.name + "': bounds [" + number(s.lower) + ", " +
                                  number(s.upper) + "] " + s.unit + " need lower <= upper");
    const auto it = group_index.find(s.group);
    if (it == group_index.end())
      throw std::invalid_argument("optimizer parameter '" + s.name + "': group '" + s.group + "' has no settings");
    group_of_[i] = it->second;
    members_[it->second].push_back(i);
  }
  for (std::size_t k = 0; k < groups_.size(); ++k)
    if (members_[k].empty())
      throw std::invalid_argument("optimizer group '" + groups_[k].group + "': no parameter belongs to it");
}

}  // namespace detgrad::optimize
