#pragma once
// The relative spread rms / mean of a sample (a calorimeter's sigma/E) and its statistical
// error from the sample's own fourth moment: Var(s^2) ~ (m4 - m2^2) / n, so
// error(r) = r sqrt((kurtosis - 1) / (4 n)), kurtosis = m4 / m2^2 (3 for a Gaussian, which gives
// the familiar r / sqrt(2 n)). Leakage tails (a shower that starts late and leaves through the
// back) raise the kurtosis, and with it the error, far above the Gaussian figure. The mean's
// own error (r / sqrt(n) relative to r's ~ r) is left out.
#include <cmath>
#include <cstddef>
#include <vector>

namespace detgrad::calorimeter {

struct RelativeSpread {
  double mean = 0.0;
  double rms = 0.0;
  double resolution = 0.0;  // rms / mean
  double error = 0.0;       // statistical error of `resolution`
  double kurtosis = 0.0;    // m4 / m2^2
};

inline RelativeSpread relative_spread(const std::vector<double>& v) {
  RelativeSpread s;
  const double n = double(v.size());
  if (v.size() < 2) return s;
  for (double x : v) s.mean += x;
  s.mean /= n;
  double m2 = 0.0, m4 = 0.0;
  for (double x : v) {
    const double d2 = (x - s.mean) * (x - s.mean);
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  s.rms = std::sqrt(m2);
  s.resolution = s.rms / s.mean;
  s.kurtosis = m2 > 0.0 ? m4 / (m2 * m2) : 3.0;
  s.error = s.resolution * std::sqrt(std::fmax(s.kurtosis - 1.0, 0.0) / (4.0 * n));
  return s;
}

}  // namespace detgrad::calorimeter
