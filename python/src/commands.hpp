#pragma once
// The CLI's commands for Python (host/cli/*_command.cpp do the same for the command line):
// each works through the study's TaskStudy only, writes the same files where the command
// writes files, and returns what the command prints or writes as JSON. The passes run with
// the GIL released.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "study_handle.hpp"

namespace detgrad::python {

// One axis of a scan: a design parameter from start to stop in `points` points.
struct ScanAxis {
  std::string name;
  double start = 0.0, stop = 0.0;
  int points = 0;
};

nlohmann::json validate_study(const StudyHandle& study);
nlohmann::json simulate_study(const StudyHandle& study, const std::string& out, const Overrides& overrides);
// `layout`: a layout's JSON as optimize writes it (null: the study's own design);
// `events`: the evaluation's event count (nullopt: the task's default).
// The study's first `events` events (required) as per-event columns
// (TaskStudy::event_table); no columns where the task provides none.
tasks::EventTable event_table_of(const StudyHandle& study, std::optional<std::uint64_t> events,
                                 const Overrides& overrides);
nlohmann::json evaluate_study(const StudyHandle& study, const nlohmann::json& layout, const std::string& layout_name,
                              std::optional<std::uint64_t> events, const Overrides& overrides);
nlohmann::json gradcheck_study(const StudyHandle& study, std::optional<std::uint64_t> events,
                               const Overrides& overrides, double tolerance);
// Raises KeyboardInterrupt (after the checkpoint is written) when SIGINT or SIGTERM stopped
// the run; the signal handlers in place before the call are put back in every case.
nlohmann::json optimize_study(const StudyHandle& study, const std::string& out, bool resume, bool plots,
                              const Overrides& overrides);
nlohmann::json scan_study(const StudyHandle& study, const std::vector<ScanAxis>& axes, const std::string& out,
                          std::optional<std::uint64_t> events, bool plots, const Overrides& overrides);

}  // namespace detgrad::python
