#include "muone/alignment_q2_bias.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

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

std::vector<double> q2_bias_alignment_uncertainty(const MuoneStudyConfig& study, const AlignmentData& data,
                                                  const std::vector<double>& values,
                                                  const std::vector<double>& covariance, std::size_t max_elastic) {
  // The first max_elastic elastic events with a true q2 (beam muons carry no q2).
  AlignmentData sample;
  sample.module_names = data.module_names;
  for (std::size_t e = 0; e < data.events.size() && sample.events.size() < max_elastic; ++e)
    if (std::isfinite(true_q2(data, e))) {
      sample.events.push_back(data.events[e]);
      sample.true_electron_momentum.push_back(data.true_electron_momentum[e]);
    }
  const std::size_t n = values.size();
  const std::vector<double> centre = q2_relative_errors(study, sample, unflatten_alignment(values, study.station));
  std::vector<double> sigma(n, 0.0);
  std::vector<std::vector<double>> shift(n);  // d_ib: bin b's mean error, parameter i moved by sigma_i
  for (std::size_t i = 0; i < n; ++i) {
    sigma[i] = std::sqrt(std::max(0.0, covariance[i * n + i]));
    if (!(sigma[i] > 0)) continue;
    std::vector<double> p = values;
    p[i] += sigma[i];
    const std::vector<Q2BiasBin> t =
        q2_bias_table(study, sample, q2_relative_errors(study, sample, unflatten_alignment(p, study.station)), centre);
    for (const Q2BiasBin& b : t) shift[i].push_back(b.mean_difference_to_true);
  }
  std::vector<double> variance(q2_bias_table(study, sample, centre, centre).size(), 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (shift[i].empty() || shift[j].empty()) continue;
      const double rho = covariance[i * n + j] / (sigma[i] * sigma[j]);
      for (std::size_t b = 0; b < variance.size(); ++b) variance[b] += shift[i][b] * rho * shift[j][b];
    }
  for (double& v : variance) v = std::sqrt(std::max(0.0, v));
  return variance;
}

std::string q2_bias_csv(const std::vector<std::string>& names, const std::vector<std::vector<Q2BiasBin>>& tables,
                        const std::vector<double>& alignment_uncertainty) {
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
    std::snprintf(cell, sizeof cell, ",%.2e", j < alignment_uncertainty.size() ? alignment_uncertainty[j] : 0.0);
    out += cell;
    out += "\n";
  }
  return out;
}

}  // namespace detgrad::muone
