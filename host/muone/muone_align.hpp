#pragma once
// detgrad align for a MUonE study: the run directory's hits.csv (simulate of a study with a
// muone.misalignment section) aligned from the nominal geometry (alignment_solver.hpp).
// Outputs in the output directory: alignment_parameters.csv (value and uncertainty of every
// fitted parameter), alignment_covariance.json, alignment_residuals.csv (per module, before
// and after: residuals and pulls), alignment_iterations.csv (chi2 per Gauss-Newton step) and
// aligned_study.json (the study with the fitted geometry as its misalignment section, which
// every command accepts). Bad input (no run directory, no hits file, data of another
// station) is a StudyError before anything is written.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "detgrad/study/backend_kind.hpp"
#include "muone/muone_config.hpp"

namespace detgrad::muone {

// The passes over the events run on `backend` (cpu or cuda).
nlohmann::json align_muone(const MuoneStudyConfig& study, const std::filesystem::path& data_dir,
                           const std::filesystem::path& out_dir, Backend backend);

}  // namespace detgrad::muone
