#pragma once
// detgrad simulate for a MUonE study: events.csv (truth and reconstruction of the first
// save_events events) and resolution.csv (the evaluation mode's resolution curve against q2
// over all the study's events) in the run directory; returns the summary's task part.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "muone/muone_evaluation.hpp"

namespace detgrad::muone {

// The true alignment of a study's station as JSON (modules by name, the target).
nlohmann::json true_alignment_json(const MuoneStudyConfig& study);

// With a misalignment section also hits.csv (alignment_data.hpp) and alignment_truth.json
// (the true module and target parameters).
nlohmann::json simulate_muone(const MuoneModel& model, const std::filesystem::path& dir);

// The resolution curve as CSV: one line per q2 bin.
void write_resolution_csv(const MuoneEvaluation& e, const std::filesystem::path& file);

}  // namespace detgrad::muone
