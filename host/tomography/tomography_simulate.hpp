#pragma once
// `detgrad simulate` of a muon study: the muons transported in chunks into muons.csv, the
// transport counters, and with a tomography section the reconstruction of the kept muons
// (reconstruction.csv) and the loss terms with their gradient (forward and adjoint passes).
#include <nlohmann/json.hpp>

#include "detgrad/tomography/study_config.hpp"
#include "tasks/task.hpp"

namespace detgrad::tomography {

// Writes muons.csv (and reconstruction.csv) into run.dir; returns the task's part of
// summary.json.
nlohmann::json simulate_study(const TomographyStudyConfig& study, const tasks::RunContext& run);

}  // namespace detgrad::tomography
