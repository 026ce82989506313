#pragma once
// Pictures of a run directory (optimize, scan) with scripts/plot-run, which dispatches on
// the study's task; when python3 with matplotlib is missing, the log says how to make them.
#include <filesystem>

#include "output/run_log.hpp"

namespace detgrad {

void make_plots(const std::filesystem::path& dir, RunLog& log);

}  // namespace detgrad
