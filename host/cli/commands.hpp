#pragma once
// The CLI's commands. Each returns the process exit code; errors propagate as exceptions
// (UsageError, StudyError -> 2; anything else -> 1) and are reported by main.
#include "cli/cli_options.hpp"

namespace detgrad {

int run_simulate(const CliOptions& options);
int run_validate(const CliOptions& options);
int run_gradcheck(const CliOptions& options);
int run_optimize(const CliOptions& options);
int run_evaluate(const CliOptions& options);
int run_scan(const CliOptions& options);
int run_align(const CliOptions& options);

}  // namespace detgrad
