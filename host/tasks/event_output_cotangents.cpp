#include "tasks/event_output_cotangents.hpp"

#include <stdexcept>

namespace detgrad::tasks {

std::vector<std::vector<double>> gather_cotangents(const EventOutputs& cotangents, std::uint64_t events,
                                                   const std::vector<OutputColumnGroup>& groups,
                                                   const std::string& noun) {
  std::vector<std::vector<double>> blocks;
  for (const OutputColumnGroup& g : groups) blocks.emplace_back(events * g.width * std::size_t(g.count), 0.0);
  for (std::size_t k = 0; k < cotangents.names.size(); ++k) {
    const std::string& name = cotangents.names[k];
    const std::vector<double>& column = cotangents.columns[k];
    std::size_t group = 0;
    int c = 0;
    for (; group < groups.size(); ++group) {
      c = 0;
      while (c < groups[group].count && name != groups[group].names[c]) ++c;
      if (c < groups[group].count) break;
    }
    if (group == groups.size()) throw std::invalid_argument("no per-" + noun + " output named \"" + name + "\"");
    const OutputColumnGroup& g = groups[group];
    const std::size_t values = std::size_t(events) * g.width;
    if (column.size() != values)
      throw std::invalid_argument("the cotangent of \"" + name + "\" has " + std::to_string(column.size()) +
                                  " values, not " + (g.width == 1 ? "one" : std::to_string(g.width)) + " per " +
                                  noun + " (" + std::to_string(values) + ")");
    for (std::size_t i = 0; i < values; ++i) blocks[group][i * std::size_t(g.count) + std::size_t(c)] = column[i];
  }
  return blocks;
}

}  // namespace detgrad::tasks
