#pragma once
// The global alignment fit of a MUonE station from its recorded hits: passes over the events
// (alignment_event_fit.hpp per event; fixed blocks of 512 events, each summed by one OpenMP
// or CUDA thread (alignment_pass_sums.hpp), whose sums are added in block order: the same bits
// for any number of threads and ranks), Gauss-Newton on the
// globals from the nominal geometry, the undetermined modes fixed by linear constraints.
//
// Gauge. Every affine map of space carries tracks to tracks and vertices to vertices, so
// whatever straight tracks and their common vertex see is unchanged by the nine modes
//   translations along x, y, z; the rotation about z; the shears x += k z and y += k z;
//   the shears z += w x and z += w y (every module and the target tilted alike); the
//   scale of z (every z and the target's z stretched about z = 0).
// They are defined by G^T p = 0 (G: the modes' directions in the parameter space at the
// nominal geometry, alignment_gauge_modes): the solution has no component along them, the
// solve is the bordered system [[C, G], [G^T, 0]]. Shifts along the strips (dv) do not
// change a measurement at first order and are not fitted.
#include <cstdint>
#include <string>
#include <vector>

#include "detgrad/muone/alignment_event_fit.hpp"
#include "detgrad/muone/alignment_pass_sums.hpp"
#include "detgrad/study/backend_kind.hpp"
#include "muone/alignment_data.hpp"
#include "muone/muone_config.hpp"

namespace detgrad::muone {

// Residual summary of one module (or of the target's pseudo-measurement: module -1), with
// the histogram of its pulls: kPullBins bins of width 2 kPullRange / kPullBins over
// [-kPullRange, kPullRange] (alignment_pass_sums.hpp), pulls beyond it counted in the edge bins.
struct ModuleResiduals {
  double rows = 0, sum = 0, sum2 = 0, pull_sum = 0, pull_sum2 = 0;
  double pull_histogram[kPullBins] = {};
};

struct AlignmentPass {
  std::vector<double> normal;  // C, n x n (row-major, symmetric)
  std::vector<double> rhs;     // b
  double chi2 = 0.0;
  std::uint64_t rows = 0, events_used = 0, locals = 0;
  std::vector<ModuleResiduals> residuals;  // per module, then the target row
};

struct AlignmentIteration {
  double chi2 = 0.0;
  std::uint64_t ndf = 0, events_used = 0;
  double largest_step_m = 0.0, largest_step_rad = 0.0;
  double pass_seconds = 0.0;  // wall time of the pass over the events
};

struct AlignmentResult {
  std::vector<std::string> names;    // "out_x0.du_m", ..., "target.tilt_y_rad"
  std::vector<double> values;        // fitted, in the gauge G^T p = 0
  std::vector<double> covariance;    // n x n
  // The data's own: the same normal equations without the priors (empty if they are singular).
  std::vector<double> covariance_data_only;
  std::vector<AlignmentIteration> iterations;
  std::vector<ModuleResiduals> residuals_before, residuals_after;
  StationAlignment<double> alignment;
};

int alignment_global_count(const StationConfig& station);
std::vector<std::string> alignment_parameter_names(const StationConfig& station);
// The nine modes' directions (n x 9, column-major by mode).
std::vector<double> alignment_gauge_modes(const StationConfig& station);
// The flat parameter vector of an alignment and back (dv is not a fitted parameter).
std::vector<double> flatten_alignment(const StationAlignment<double>& a, const StationConfig& station);
StationAlignment<double> unflatten_alignment(const std::vector<double>& p, const StationConfig& station);
// p minus its component along the gauge modes: what the fit estimates when p is the truth.
std::vector<double> project_out_gauge(const std::vector<double>& p, const StationConfig& station);

// One pass over the events at the given alignment, on the CPU or the CUDA device (cpu or cuda).
AlignmentPass alignment_pass(const MuoneStudyConfig& study, const StationAlignment<double>& alignment,
                             const std::vector<RecordedEvent>& events, Backend backend = Backend::cpu);

AlignmentResult fit_alignment(const MuoneStudyConfig& study, const std::vector<RecordedEvent>& events,
                              Backend backend = Backend::cpu);

}  // namespace detgrad::muone
