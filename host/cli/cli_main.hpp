#pragma once
// The whole command line as a function (main calls it; tests call it in-process to run a
// task of their own through the commands). Exit codes: 0 success, 1 run-time failure, 2 bad
// study file or bad arguments; messages go to stderr.
#include <string>
#include <vector>

namespace detgrad {

int run_cli(const std::vector<std::string>& args);

}  // namespace detgrad
