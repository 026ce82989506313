// Shower shapes in a homogeneous lead block against the PDG review "Passage of particles
// through matter" (2022), sec. 34.5:
//  - t_max = ln(E0 / E_c) + C, C = -0.5 (electrons), +0.5 (photons) (eq. 34.36), in X0;
//    measured as (a - 1) / b of the Gamma distribution (eq. 34.35) with the profile's mean
//    and variance of depth; tolerance 0.7 X0 (the PDG's C are round numbers from EGS4 fits);
//  - the 95 % containment depth: the PDG's t_95 = t_max + 0.08 Z + 9.6 (eq. 34.38) is
//    printed (it is 5.5 X0 deeper than the simulation in lead: see docs/calorimeter.md);
//    asserted against the 95 % quantile of Grindhammer and Peters' Gamma profile for
//    homogeneous media (arXiv:hep-ex/0001020, eqs. 5-6: T = ln y - 0.858,
//    alpha = 0.21 + (0.492 + 2.38 / Z) ln y, y = E0 / E_c), tolerance 1.5 X0; electrons;
//  - "about 90 % of the energy within R_M, about 99 % within 3.5 R_M" (sec. 34.5):
//    within R_M between 85 % and 95 %; within 3.5 R_M at least 98 %.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "calorimeter/shower_pass.hpp"

namespace detgrad::calorimeter {
namespace {

constexpr int kSlabsPerX0 = 4;
constexpr int kDepthX0 = 30;

struct Shape {
  double t_max, t_95, within_rm, within_35rm;
};

// Regularised lower incomplete gamma P(a, x) by its series, and the q-quantile of the Gamma
// distribution of shape a and rate b by bisection.
double gamma_p(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 500; ++n) {
    term *= x / (a + n);
    sum += term;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}
double gamma_quantile(double a, double b, double q) {
  double lo = 0.0, hi = 100.0 * a;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (gamma_p(a, mid) < q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi) / b;
}

Shape measure(ParticleType type, double energy, std::uint64_t showers) {
  const CaloMedium& lead = *find_calo_medium("lead");
  const double x0 = lead.material->radiation_length_m(), rm = lead.moliere_radius_m();
  StackSpec spec;
  spec.slabs = repeat({{"lead", x0 / kSlabsPerX0, true}}, kSlabsPerX0 * kDepthX0);
  spec.half_width_m = 12.0 * rm;
  const ShowerSetup setup(spec, EmCuts{});
  ShowerRunOptions o;
  o.showers = showers;
  o.seed = 3;
  o.radial_bins = 50;
  o.radial_bin_m = 0.1 * rm;
  const ShowerTallies t = run_showers_cpu(setup, BeamSource<double>{type, energy, 0.0, 0.0}, o);
  std::vector<double> profile(t.slabs, 0.0), radial(o.radial_bins, 0.0);
  for (std::uint64_t i = 0; i < showers; ++i) {
    for (int s = 0; s < t.slabs; ++s) profile[s] += t.slab(i, s) / showers;
    for (int b = 0; b < o.radial_bins; ++b) radial[b] += t.radial[i * o.radial_bins + b] / showers;
  }
  double sum = 0, m1 = 0, m2 = 0;
  for (int s = 0; s < t.slabs; ++s) {
    const double depth = (s + 0.5) / kSlabsPerX0;
    sum += profile[s];
    m1 += profile[s] * depth;
    m2 += profile[s] * depth * depth;
  }
  m1 /= sum;
  const double var = m2 / sum - m1 * m1;
  const double a = m1 * m1 / var, b = m1 / var;
  Shape shape{};
  shape.t_max = (a - 1.0) / b;
  double cumulative = 0;
  const double e0 = shower_energy(BeamSource<double>{type, energy, 0.0, 0.0});
  shape.t_95 = kDepthX0;
  for (int s = 0; s < t.slabs; ++s) {
    const double next = cumulative + profile[s];
    if (next >= 0.95 * e0) {
      shape.t_95 = (s + (0.95 * e0 - cumulative) / profile[s]) / kSlabsPerX0;
      break;
    }
    cumulative = next;
  }
  double total = 0, in1 = 0, in35 = 0;
  for (int b = 0; b < o.radial_bins; ++b) {
    total += radial[b];
    if (b < 10) in1 += radial[b];
    if (b < 35) in35 += radial[b];
  }
  shape.within_rm = in1 / total;
  shape.within_35rm = in35 / total;
  return shape;
}

TEST(ShowerShape, LongitudinalAndLateralInLead) {
  const CaloMedium& lead = *find_calo_medium("lead");
  const double energy = 10.0;
  const double ln_y = std::log(energy / lead.critical_energy_GeV);
  for (ParticleType type : {ParticleType::electron, ParticleType::photon}) {
    const double c = type == ParticleType::electron ? -0.5 : 0.5;
    const Shape s = measure(type, energy, 100);
    const double t_max_pdg = ln_y + c, t_95_pdg = t_max_pdg + 0.08 * 82 + 9.6;
    const double gp_t = ln_y - 0.858, gp_alpha = 0.21 + (0.492 + 2.38 / 82) * ln_y;
    const double t_95_gp = gamma_quantile(gp_alpha, (gp_alpha - 1.0) / gp_t, 0.95);
    std::printf("%s 10 GeV in lead: t_max %.2f X0 (PDG %.2f), t_95 %.2f X0 (PDG %.2f, Grindhammer-Peters %.2f), "
                "within R_M %.3f, within 3.5 R_M %.4f\n",
                type == ParticleType::electron ? "e-" : "gamma", s.t_max, t_max_pdg, s.t_95, t_95_pdg, t_95_gp,
                s.within_rm, s.within_35rm);
    EXPECT_NEAR(s.t_max, t_max_pdg, 0.7);
    if (type == ParticleType::electron) {
      EXPECT_NEAR(s.t_95, t_95_gp, 1.5);
    }
    EXPECT_GT(s.within_rm, 0.85);
    EXPECT_LT(s.within_rm, 0.95);
    EXPECT_GT(s.within_35rm, 0.98);
  }
}

}  // namespace
}  // namespace detgrad::calorimeter
