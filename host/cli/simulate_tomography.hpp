#pragma once
// The tomography task's part of `detgrad simulate`: reconstruction.csv for the kept muons,
// and the loss terms and their gradient (forward and adjoint passes) for summary.json.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "detgrad/study/study_config.hpp"
#include "output/run_log.hpp"

namespace detgrad {

nlohmann::json simulate_tomography(const StudyConfig& study, Backend backend, const std::filesystem::path& dir,
                                   RunLog& log);

}  // namespace detgrad
