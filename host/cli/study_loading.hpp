#pragma once
// The commands' common first step: the study file read through the task registry, with the
// command line's overrides applied and validated like the file's own values.
#include <memory>

#include "cli/cli_options.hpp"
#include "tasks/task.hpp"

namespace detgrad {

std::unique_ptr<tasks::TaskStudy> load_study_with_overrides(const CliOptions& options,
                                                            bool optimization_defaults = false);

// A layout file (JSON as written by optimize): null when the options name none.
nlohmann::json read_layout_option(const CliOptions& options);

// Creates the run directory (rank 0) and its log, and logs the command and the backend.
std::unique_ptr<RunLog> open_run_directory(const std::filesystem::path& dir, const CliOptions& options,
                                          const tasks::TaskStudy& study, const std::string& backend_reason);

// Written by rank 0 only in an MPI run.
void write_json_file(const std::filesystem::path& path, const nlohmann::json& json);

}  // namespace detgrad
