#pragma once
// One description of a task's design: the table from which everything that names, orders or
// bounds the design vector is derived. For every entry of the vector (in its order): its name
// (history.csv's column and the checkpoint's parameter list), physical unit, group, bounds
// (the optimiser's boxes); the default settings of every group (the optimiser's groups, in
// history.csv's rate columns' order); and the constraints beyond boxes that
// OptimizationProblem::project enforces, as plain data.
//
// A task builds its description in its own folder (tomography_design.hpp, swgo_design.hpp,
// muone_design.hpp) from a table of the fields of the records its design repeats (a panel,
// a module, a unit: RecordField) and the packing its passes use (record-major: record r's
// field k at first + r * fields + k; include/detgrad/core/record_packing.hpp). The commands,
// the optimiser and the bindings read the description and nothing else.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "optimize/parameter_groups.hpp"

namespace detgrad::optimize {

// A constraint that boxes cannot express (project() enforces it after every update).
struct DesignConstraint {
  // What the projection keeps: "ordered_with_gaps" (coordinates in decreasing order with
  // least gaps, constraints.hpp), "points_apart", "points_inside_and_apart" (x, y pairs),
  // "station_order" (MUonE: modules ordered by their depths, out of the target).
  std::string kind;
  std::vector<std::size_t> parameters;                 // the design vector's entries it involves
  std::vector<std::pair<std::string, double>> values;  // its numbers, the unit in the name ("gap_m")
  std::string text;                                    // one line for people
};

struct DesignDescription {
  std::vector<ParameterSpec> parameters;  // the design vector, in order
  std::vector<GroupSettings> groups;      // every group's default settings, in order
  std::vector<DesignConstraint> constraints;

  std::size_t size() const { return parameters.size(); }
  std::vector<std::string> names() const;
  // The index of the parameter called `name`; std::out_of_range naming it when there is none.
  std::size_t index_of(const std::string& name) const;
};

// One field of a record that a design repeats: its name (the suffix of the parameter's name
// after "<record>."), unit and group.
struct RecordField {
  const char* name;
  const char* unit;
  const char* group;
};

struct Bounds {
  double lower, upper;
};

// Appends `records` records of `fields` (record-major, fields in table order): parameter
// "<record_name(r)>.<field name>" with bounds `bounds(r, k)`.
template <typename Name, typename BoundsOf>
void add_records(DesignDescription& d, std::size_t records, const RecordField* fields, int field_count,
                 Name record_name, BoundsOf bounds) {
  for (std::size_t r = 0; r < records; ++r) {
    const std::string prefix = record_name(r) + ".";
    for (int k = 0; k < field_count; ++k) {
      const Bounds b = bounds(r, k);
      d.parameters.push_back({prefix + fields[k].name, fields[k].unit, fields[k].group, b.lower, b.upper});
    }
  }
}

// history.csv's columns: step, loss, the loss terms, the parameters, their gradients
// ("grad_<name>"), every group's rate ("rate_<group>"), rolled_back.
std::vector<std::string> history_columns(const DesignDescription& design, const std::vector<std::string>& terms);

}  // namespace detgrad::optimize
