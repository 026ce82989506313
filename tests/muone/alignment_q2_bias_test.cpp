// The q2 check's alignment uncertainty (alignment_q2_bias.hpp): the bins' linear response to
// every parameter, combined with the covariance's correlations, against the rms of the lowest
// bin's mean q2 error over geometries drawn from the same covariance (one strongly correlated
// pair, the target's z and the first downstream module's, included).
#include "muone/alignment_q2_bias.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "detgrad/core/random.hpp"
#include "muone/alignment_solver.hpp"
#include "muone/station_config.hpp"

namespace detgrad::muone {
namespace {

TEST(AlignmentQ2Bias, LinearResponseUncertaintyMatchesDrawnGeometries) {
  MuoneStudyConfig study;
  study.station = reference_station();
  study.common.seed = 17;
  study.misalignment.present = true;  // all widths 0: the truth is the nominal geometry
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("detgrad_q2_bias_" + std::to_string(::getpid()) + ".csv");
  write_alignment_hits(study, 1500, file);
  const AlignmentData data = read_alignment_hits(file);
  std::filesystem::remove(file);

  // A covariance of the 5-minute sample's size: 20 um for the lengths (2 um along the
  // measured direction), 0.2 mrad for the angles; the target's z and the first downstream
  // module's z correlated by +0.9, as the fit correlates them.
  const std::vector<std::string> names = alignment_parameter_names(study.station);
  const std::size_t n = names.size();
  std::vector<double> sigma(n), covariance(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const bool angle = names[i].find("_rad") != std::string::npos;
    sigma[i] = angle ? 2e-4 : (names[i].find(".du_") != std::string::npos ? 2e-6 : 20e-6);
    covariance[i * n + i] = sigma[i] * sigma[i];
  }
  const std::size_t target = std::size_t(std::find(names.begin(), names.end(), "target.dz_m") - names.begin());
  const std::string first_downstream =
      study.station.modules[std::size_t(build_fixed(study.station, study.common.seed).n_upstream)].name + ".dz_m";
  const std::size_t module = std::size_t(std::find(names.begin(), names.end(), first_downstream) - names.begin());
  ASSERT_LT(target, n);
  ASSERT_LT(module, n);
  const double rho = 0.9;
  covariance[target * n + module] = covariance[module * n + target] = rho * sigma[target] * sigma[module];

  const std::vector<double> values(n, 0.0);
  const std::vector<double> u = q2_bias_alignment_uncertainty(study, data, values, covariance, 100000);
  ASSERT_FALSE(u.empty());
  ASSERT_GT(u[0], 0.0);

  // The same from 200 geometries drawn from N(0, covariance).
  const std::vector<double> centre = q2_relative_errors(study, data, unflatten_alignment(values, study.station));
  const int draws = 200;
  double sum2 = 0.0;
  for (int k = 0; k < draws; ++k) {
    EventRandom rng(study.common.seed, 7, RandomStream::task, std::uint64_t(k));
    std::vector<double> z(n), p(n);
    for (double& x : z) x = rng.normal<double>();
    for (std::size_t i = 0; i < n; ++i) p[i] = sigma[i] * z[i];
    p[module] = sigma[module] * (rho * z[target] + std::sqrt(1.0 - rho * rho) * z[module]);
    const double d = q2_bias_table(study, data, q2_relative_errors(study, data, unflatten_alignment(p, study.station)),
                                   centre)[0]
                         .mean_difference_to_true;
    sum2 += d * d;
  }
  const double rms = std::sqrt(sum2 / draws);
  std::printf("lowest q2 bin: linear response %.3e, rms over %d drawn geometries %.3e (ratio %.3f)\n", u[0], draws, rms,
              u[0] / rms);
  // The rms of 200 draws is known to 1/sqrt(400) = 5 %: 20 % is 4 of that.
  EXPECT_NEAR(u[0] / rms, 1.0, 0.2);

  // The correlation counts: with the pair anti-correlated instead the uncertainty changes.
  std::vector<double> flipped = covariance;
  flipped[target * n + module] = flipped[module * n + target] = -covariance[target * n + module];
  const std::vector<double> u_flipped = q2_bias_alignment_uncertainty(study, data, values, flipped, 100000);
  std::printf("lowest q2 bin with the pair anti-correlated: %.3e\n", u_flipped[0]);
  EXPECT_GT(std::fabs(u_flipped[0] - u[0]), 0.05 * u[0]);
}

}  // namespace
}  // namespace detgrad::muone
