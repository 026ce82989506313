#include "muone/alignment_q2_bias.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "detgrad/core/random.hpp"
#include "detgrad/muone/alignment_event_fit.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "muone/alignment_solver.hpp"

namespace detgrad::muone {

namespace {

double true_q2(const AlignmentData& data, std::size_t e) {
  if (data.events[e].kind != AlignmentEventKind::elastic || e >= data.true_electron_momentum.size()) return std::nan("");
  const double p = data.true_electron_momentum[e], me = electron_mass<double>();
  return 2.0 * me * (std::sqrt(p * p + me * me) - me);
}

void mean_and_error(double n, double sum, double sum2, double& mean, double& error) {
  mean = error = 0;
  if (n < 2) return;
  mean = sum / n;
  const double var = (sum2 / n - mean * mean) * n / (n - 1);
  error = std::sqrt(std::max(0.0, var) / n);
}

}  // namespace

std::vector<double> q2_relative_errors(const MuoneStudyConfig& study, const AlignmentData& data,
                                       const StationAlignment<double>& geometry) {
  const StationFixed fixed = build_fixed(study.station, study.common.seed);
  const StationDesign<double> design = build_design<double>(study.station);
  const AlignmentGeometry g{&fixed, &design, geometry};
  const ElasticKinematics<double> k = ElasticKinematics<double>::from_momentum(study.station.beam.momentum_GeV);
  const std::size_t n = data.events.size();
  std::vector<double> out(n, std::nan(""));
#pragma omp parallel
  {
    std::unique_ptr<AlignmentEventRows> rows(new AlignmentEventRows);
#pragma omp for schedule(dynamic, 256)
    for (std::int64_t i = 0; i < std::int64_t(n); ++i) {
      const std::size_t e = std::size_t(i);
      const double q2 = true_q2(data, e);
      if (!std::isfinite(q2) || !fit_alignment_event(g, data.events[e], *rows)) continue;
      const double* q = rows->locals;
      // tan of the angle between the incoming muon's and the electron's directions.
      const double a[3] = {q[3], q[4], 1.0}, c[3] = {q[5], q[6], 1.0};
      const double cx = a[1] * c[2] - a[2] * c[1], cy = a[2] * c[0] - a[0] * c[2], cz = a[0] * c[1] - a[1] * c[0];
      const double tan_e = std::sqrt(cx * cx + cy * cy + cz * cz) / (a[0] * c[0] + a[1] * c[1] + a[2] * c[2]);
      out[e] = (q2_from_electron_tan(k, tan_e) - q2) / q2;
    }
  }
  return out;
}

std::vector<Q2BiasBin> q2_bias_table(const MuoneStudyConfig& study, const AlignmentData& data,
                                     const std::vector<double>& errors, const std::vector<double>& true_errors) {
  std::vector<double> edges = study.figure.q2_bins_GeV2;
  if (!edges.empty() && edges.back() == 0.0) edges.back() = event_range(study.station).q2_hi_GeV2;
  const std::size_t n_bins = edges.size() - 1;
  std::vector<Q2BiasBin> out(n_bins);
  std::vector<double> s(n_bins, 0), s2(n_bins, 0), d(n_bins, 0), d2(n_bins, 0);
  for (std::size_t e = 0; e < errors.size(); ++e) {
    if (!std::isfinite(errors[e]) || !std::isfinite(true_errors[e])) continue;
    const double q2 = true_q2(data, e);
    for (std::size_t j = 0; j < n_bins; ++j)
      if (q2 >= edges[j] && q2 < edges[j + 1]) {
        const double diff = errors[e] - true_errors[e];
        out[j].events += 1;
        s[j] += errors[e];
        s2[j] += errors[e] * errors[e];
        d[j] += diff;
        d2[j] += diff * diff;
      }
  }
  for (std::size_t j = 0; j < n_bins; ++j) {
    out[j].q2_lo = edges[j];
    out[j].q2_hi = edges[j + 1];
    mean_and_error(out[j].events, s[j], s2[j], out[j].mean_relative_bias, out[j].standard_error);
    mean_and_error(out[j].events, d[j], d2[j], out[j].mean_difference_to_true, out[j].difference_standard_error);
  }
  return out;
}

std::vector<double> q2_bias_alignment_spread(const MuoneStudyConfig& study, const AlignmentData& data,
                                             const std::vector<double>& values, const std::vector<double>& covariance,
                                             int draws, std::uint64_t seed) {
  const std::size_t n = values.size();
  // L L^T = covariance, columns of (numerically) zero pivots skipped: the covariance has the
  // gauge modes' directions as its null space.
  std::vector<double> l(n * n, 0.0);
  double largest = 0;
  for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, covariance[i * n + i]);
  for (std::size_t j = 0; j < n; ++j) {
    double d = covariance[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 1e-14 * covariance[j * n + j]) || !(d > 1e-30 * largest)) continue;
    l[j * n + j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = covariance[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  const StationAlignment<double> centre_geometry = unflatten_alignment(values, study.station);
  const std::vector<double> centre = q2_relative_errors(study, data, centre_geometry);
  std::vector<double> sum2;
  for (int k = 0; k < draws; ++k) {
    EventRandom rng(seed, 2, RandomStream::task, std::uint64_t(k));
    std::vector<double> z(n), p = values;
    for (double& x : z) x = rng.normal<double>();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j <= i; ++j) p[i] += l[i * n + j] * z[j];
    const std::vector<Q2BiasBin> t =
        q2_bias_table(study, data, q2_relative_errors(study, data, unflatten_alignment(p, study.station)), centre);
    if (sum2.empty()) sum2.assign(t.size(), 0.0);
    for (std::size_t b = 0; b < t.size(); ++b) sum2[b] += t[b].mean_difference_to_true * t[b].mean_difference_to_true;
  }
  for (double& s : sum2) s = std::sqrt(s / std::max(1, draws));
  return sum2;
}

std::string q2_bias_csv(const std::vector<std::string>& names, const std::vector<std::vector<Q2BiasBin>>& tables,
                        const std::vector<double>& alignment_spread) {
  std::string out = "q2_lo_GeV2,q2_hi_GeV2,events";
  for (const std::string& name : names)
    out += "," + name + "_mean_relative_bias," + name + "_standard_error," + name + "_minus_true," + name +
           "_minus_true_standard_error";
  out += ",alignment_uncertainty\n";
  char cell[160];
  for (std::size_t j = 0; j < tables.front().size(); ++j) {
    std::snprintf(cell, sizeof cell, "%.6g,%.6g,%.0f", tables.front()[j].q2_lo, tables.front()[j].q2_hi,
                  tables.front()[j].events);
    out += cell;
    for (const std::vector<Q2BiasBin>& t : tables) {
      std::snprintf(cell, sizeof cell, ",%.4e,%.2e,%.4e,%.2e", t[j].mean_relative_bias, t[j].standard_error,
                    t[j].mean_difference_to_true, t[j].difference_standard_error);
      out += cell;
    }
    std::snprintf(cell, sizeof cell, ",%.2e", j < alignment_spread.size() ? alignment_spread[j] : 0.0);
    out += cell;
    out += "\n";
  }
  return out;
}

}  // namespace detgrad::muone
