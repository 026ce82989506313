#include "swgo/core_disc.hpp"

#include <algorithm>
#include <cmath>

namespace detgrad::swgo {

CoreDisc core_disc(const std::vector<double>& x, const std::vector<double>& y, double slack_radius_m) {
  CoreDisc d;
  const std::size_t n = x.size();
  if (n == 0) {
    d.span_radius = slack_radius_m;
    return d;
  }
  for (std::size_t i = 0; i < n; ++i) {
    d.centre_x += x[i];
    d.centre_y += y[i];
  }
  d.centre_x /= double(n);
  d.centre_y /= double(n);
  double s = 0.0, s2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = std::hypot(x[i] - d.centre_x, y[i] - d.centre_y);
    s += r;
    s2 += r * r;
    d.max_r = std::max(d.max_r, r);
  }
  d.mean_r = s / double(n);
  d.rms_r = std::sqrt(std::max(0.0, s2 / double(n) - d.mean_r * d.mean_r));
  d.span_radius = d.mean_r + 2.0 * d.rms_r + slack_radius_m;
  return d;
}

ShowerSource<double> make_shower_source(std::uint64_t seed, const std::vector<double>& x, const std::vector<double>& y,
                                        double slack_radius_m) {
  const CoreDisc d = core_disc(x, y, slack_radius_m);
  ShowerSource<double> s;
  s.seed = seed;
  s.sin_theta_max = std::sin(kThetaMax_rad);
  s.centre_x = d.centre_x;
  s.centre_y = d.centre_y;
  s.span_radius_m = d.span_radius;
  s.slack_radius_m = slack_radius_m;
  s.units_radius_m = d.max_r;
  s.unit_x = x.data();
  s.unit_y = y.data();
  s.units = int(x.size());
  return s;
}

ShowerSource<double> study_shower_source(const SwgoConfig& c, const Layout& layout) {
  ShowerSource<double> source = make_shower_source(c.common.seed, layout.x, layout.y, c.core_slack_m);
  source.gamma_fraction = c.gamma_fraction;
  source.energy_min_PeV = c.energy_min_PeV;
  source.energy_max_PeV = c.energy_max_PeV;
  source.spectral_slope = c.spectral_slope;
  return source;
}

}  // namespace detgrad::swgo
