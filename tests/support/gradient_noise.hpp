#pragma once
// Float against double on the same muons, judged against the Monte Carlo noise of the
// gradient itself. The per-muon float error is zero-mean but heavy-tailed: the muons of
// highest momentum carry a 1/X0 estimate amplified by (beta p / 13.6 MeV)^2, so a float
// rounding of ~5e-7 rad in their slopes (float crossings at ~1 m carry ~3e-8 m) moves their
// contribution visibly, and a handful of them sets the float-double difference (measured on
// the hello world: relative 2-norm 6e-4 to 1.2e-3 at 2e5 muons, 1.2e-3 to 1.3e-3 at 2e6,
// three muons making the whole difference of one resolution gradient). That is still far
// below the statistical uncertainty of the gradient from the same number of muons, which
// is what matters to the optimiser: the check is that float moves the gradient by less
// than a hundredth of its Monte Carlo standard error (2-norms over the parameters;
// measured at 2e5 muons: 0.48 against 666, the noise larger than the gradient itself).
#include <cmath>
#include <cstdio>
#include <vector>

#include "tomography/tomography_passes.hpp"

namespace detgrad::test {

// 2-norm of the standard error of the gradient of `muons` muons, from `batches` batches of
// muons / batches muons each (double precision, CPU): sqrt(sum_i var_i / batches).
inline double gradient_standard_error(const tomography::TomographyModel& model,
                                      const tomography::DesignParams<double>& design, std::uint64_t muons,
                                      int batches) {
  std::vector<std::vector<double>> g;
  for (int b = 0; b < batches; ++b) {
    tomography::PassOptions o;
    o.events = muons / std::uint64_t(batches);
    o.first_event = std::uint64_t(b) * o.events;
    o.precision = Precision::double_precision;
    g.push_back(tomography::evaluate(model, design, o, true).gradient);
  }
  double sum = 0;
  for (std::size_t i = 0; i < g[0].size(); ++i) {
    double mean = 0, var = 0;
    for (const auto& row : g) mean += row[i] / batches;
    for (const auto& row : g) var += (row[i] - mean) * (row[i] - mean) / (batches - 1);
    sum += var / batches;
  }
  return std::sqrt(sum);
}

inline double difference_norm(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d);
}

inline double norm(const std::vector<double>& a) { return difference_norm(a, std::vector<double>(a.size(), 0.0)); }

}  // namespace detgrad::test
