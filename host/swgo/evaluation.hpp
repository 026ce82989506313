#pragma once
// The evaluation mode over a batch (host, CPU executor): every shower sampled, triggered
// (hard trigger) and reconstructed under both hypotheses (shower_event.hpp), then the
// reference's utility from the fits:
//   U_GF = (f / sigma_f) x R_span sqrt(1 / N_trials)   (gamma fraction from the test statistic
//          T = ln L_gamma - ln L_proton with KDE templates of a separate template sample, both
//          taken in s = sign(T) ln(1 + |T|)),
//   U_IR = 50 n / sum sigma_lnE,   U_PR = 2000 < delta / sqrt(s_theta^2 + sin^2 theta s_phi^2 + delta^2) >
// over triggered gamma showers whose gamma fit converged (weights 1: the hard trigger).
// The statistical error of U: the spread of U over 10 disjoint sub-batches / sqrt(10).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detgrad/swgo/shower_event.hpp"
#include "swgo/fisher_passes.hpp"
#include "swgo/gamma_fraction.hpp"
#include "swgo/layout.hpp"

namespace detgrad::swgo {

// Steps of the random-number counter reserved for evaluations (optimisation steps are lower).
constexpr std::uint32_t kEvaluationStep = 0xF00000u;
constexpr std::uint32_t kTemplateStep = 0xF00001u;

struct BatchSetup {
  LdfTables<double> tables;
  ShowerSource<double> source;
  ArrayView<double> array;
  TimeErrors time_errors = TimeErrors::recorded;
  // Seeds and fits on the clustered likelihood, every fit finished on the exact one
  // (shower_event_clustered.hpp); false: every likelihood over all units (run_shower).
  bool clustered = true;
};

// Showers [first, first + count) of `step`, in order. Under MPI each rank runs a contiguous
// share of them (OpenMP over its showers) and every rank receives the whole batch, the same
// bits as one process computes: every rank must call it, with the same arguments. A
// non-empty `progress_label` shows the progress on stderr (rank 0's share in an MPI run).
std::vector<ShowerResult<double>> run_showers(const BatchSetup& setup, std::uint32_t step, std::uint64_t first,
                                              std::uint64_t count, const std::string& progress_label = "");

double test_statistic(const ShowerResult<double>& r);  // ln L_gamma - ln L_proton (both fits converged)
bool usable_for_separation(const ShowerResult<double>& r);

struct TemplateDensities {
  KernelDensity gamma, proton;
};
TemplateDensities make_templates(const std::vector<ShowerResult<double>>& sample);

struct ResolutionBin {
  double energy_min_PeV, energy_max_PeV;
  int showers = 0;
  double energy_rms = 0.0;     // rms of ln E_fit - ln E_true (relative energy resolution)
  double angle68_deg = 0.0;    // 68 % containment of the space angle fit-true
};

struct EvaluationResult {
  double gamma_fraction_term = 0, energy_term = 0, pointing_term = 0, utility = 0, utility_error = 0;
  double fraction = 0, fraction_sigma = 0;
  std::uint64_t showers = 0, trials = 0, triggered = 0, converged = 0, gammas_used = 0;
  std::vector<ResolutionBin> resolution;
  nlohmann::json to_json() const;
};

EvaluationResult evaluate_batch(const std::vector<ShowerResult<double>>& batch, const TemplateDensities& templates,
                                double span_radius_m, const UtilityCoefficients& c);

}  // namespace detgrad::swgo
