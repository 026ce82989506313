#pragma once
// Expected particle counts of tanks (the expected-count mode, integrated over the tank's
// area) and the geometry the particle-level tests check them on.
#include <cmath>

#include "detgrad/swgo/ldf.hpp"
#include "detgrad/swgo/unit_response.hpp"
#include "swgo/layout.hpp"

namespace detgrad::swgo::test {

// Integral of rho(R) cos(theta) over a tank's disc (midpoint rule in polar coordinates).
inline double tank_integral(const ShowerImage<double>& s, Species k, double xd, double yd, double r) {
  const int nr = 200, na = 256;
  double sum = 0;
  for (int i = 0; i < nr; ++i) {
    const double rr = (i + 0.5) * r / nr;
    for (int j = 0; j < na; ++j) {
      const double a = (j + 0.5) * 2 * M_PI / na;
      const auto place = unit_place(s.axis, xd + rr * std::cos(a), yd + rr * std::sin(a));
      sum += ldf_density(k, s.ldf[int(k)], place.R) * rr;
    }
  }
  return sum * (r / nr) * (2 * M_PI / na) * s.axis.cos_theta;
}

// A 0.1 PeV proton at theta 0.5, phi 1.0 with its core at the origin, and six tanks from
// inside the 2 m clamp to 150 m, across and along the axis' ground direction.
constexpr double kCheckTheta = 0.5, kCheckPhi = 1.0, kCheckEnergy_PeV = 0.1;
constexpr int kCheckShowers[kSpecies] = {30, 600};  // muons are ~200 times rarer

inline Layout check_tanks() {
  Layout tanks;
  tanks.add(0.5, 0.8);  // inside the 2 m clamp
  tanks.add(15.0, 0.0);
  tanks.add(-10.0, 25.0);                                         // across the axis' ground direction
  tanks.add(std::cos(kCheckPhi) * 40.0, std::sin(kCheckPhi) * 40.0);  // along it
  tanks.add(90.0, -60.0);
  tanks.add(-150.0, -20.0);
  return tanks;
}

}  // namespace detgrad::swgo::test
