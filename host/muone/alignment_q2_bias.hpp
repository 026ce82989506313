#pragma once
// The q2 systematic of a misaligned station: elastic events of hits.csv reconstructed with a
// given geometry (the vertex-constrained, scattering-weighted fit of alignment_event_fit.hpp;
// q2 from the electron's polar angle about the incoming muon at the nominal beam momentum)
// against the simulation's true q2. Per bin of true q2: the mean relative bias and its
// standard error, and the mean difference to the same events reconstructed with the true
// geometry (the systematic that the geometry alone causes) with its paired standard error.
// A check of the alignment (it needs the truth column), not part of it.
#include <cstdint>
#include <string>
#include <vector>

#include "detgrad/muone/alignment_geometry.hpp"
#include "muone/alignment_data.hpp"
#include "muone/muone_config.hpp"

namespace detgrad::muone {

struct Q2BiasBin {
  double q2_lo = 0, q2_hi = 0;
  double events = 0;
  double mean_relative_bias = 0;  // mean of (q2_reco - q2_true) / q2_true
  double standard_error = 0;
  double mean_difference_to_true = 0;  // mean of the same minus its value with the true geometry
  double difference_standard_error = 0;
};

// Per elastic event (q2_reco - q2_true) / q2_true with the given geometry, NaN where the event
// has no true q2 or is not reconstructed.
std::vector<double> q2_relative_errors(const MuoneStudyConfig& study, const AlignmentData& data,
                                       const StationAlignment<double>& geometry);

// The table of one geometry's errors against the true geometry's (events where both exist).
std::vector<Q2BiasBin> q2_bias_table(const MuoneStudyConfig& study, const AlignmentData& data,
                                     const std::vector<double>& errors, const std::vector<double>& true_errors);

// The alignment's own uncertainty on each bin's mean q2 error (what a new sample of the same
// size would move the aligned geometry's bias by), from the bins' linear response: every
// fitted parameter moved by its standard deviation, the bins' mean errors of the first
// `max_elastic` elastic events against those at `values` (forward differences: over a standard
// deviation the response is linear, docs/muone.md), d_ib; then sigma_b^2 = sum_ij d_ib
// rho_ij d_jb with rho the covariance's correlations. Exact for a linear response, unlike the
// rms over a few geometries drawn from the covariance; one reconstruction per parameter.
std::vector<double> q2_bias_alignment_uncertainty(const MuoneStudyConfig& study, const AlignmentData& data,
                                                  const std::vector<double>& values,
                                                  const std::vector<double>& covariance, std::size_t max_elastic);

// CSV of several geometries side by side (names: e.g. nominal, aligned, true).
std::string q2_bias_csv(const std::vector<std::string>& names, const std::vector<std::vector<Q2BiasBin>>& tables,
                        const std::vector<double>& alignment_uncertainty);

}  // namespace detgrad::muone
