#include "optimize/design_description.hpp"

#include <stdexcept>

namespace detgrad::optimize {

std::vector<std::string> DesignDescription::names() const {
  std::vector<std::string> out;
  out.reserve(parameters.size());
  for (const ParameterSpec& p : parameters) out.push_back(p.name);
  return out;
}

std::size_t DesignDescription::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].name == name) return i;
  throw std::out_of_range("the design has no parameter \"" + name + "\"");
}

std::vector<std::string> history_columns(const DesignDescription& design, const std::vector<std::string>& terms) {
  std::vector<std::string> columns = {"step", "loss"};
  columns.insert(columns.end(), terms.begin(), terms.end());
  for (const ParameterSpec& p : design.parameters) columns.push_back(p.name);
  for (const ParameterSpec& p : design.parameters) columns.push_back("grad_" + p.name);
  for (const GroupSettings& g : design.groups) columns.push_back("rate_" + g.group);
  columns.push_back("rolled_back");
  return columns;
}

}  // namespace detgrad::optimize
