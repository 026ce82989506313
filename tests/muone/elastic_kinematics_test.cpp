// Elastic mu-e kinematics against docs/references.md, MUonE: its check values at 160 GeV (to the
// digits it prints), and its own formulas (E_e(theta_e), cos theta_mu from energies)
// evaluated independently in long double, to 1e-6 relative.
#include "detgrad/muone/elastic_kinematics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace detgrad::muone {
namespace {

using LD = long double;

const ElasticKinematics<double> k160 = ElasticKinematics<double>::from_energy(160.0);

// docs/references.md, MUonE, "Kinematics": E_e(theta_e) = m_e (1 + r^2 cos^2) / (1 - r^2 cos^2).
LD reference_electron_energy(LD beam_energy, LD theta_e) {
  const LD me = units::kElectronMass_GeV, mmu = units::kMuonMass_GeV;
  const LD r = std::sqrt(beam_energy * beam_energy - mmu * mmu) / (beam_energy + me);
  const LD c2 = std::cos(theta_e) * std::cos(theta_e);
  return me * (1 + r * r * c2) / (1 - r * r * c2);
}
// cos theta_mu = (E E' - m_mu^2 - m_e (E - E')) / (p p'),  E' = E + m_e - E_e.
LD reference_muon_angle(LD beam_energy, LD electron_energy) {
  const LD me = units::kElectronMass_GeV, mmu = units::kMuonMass_GeV;
  const LD e1 = beam_energy + me - electron_energy;
  const LD p = std::sqrt(beam_energy * beam_energy - mmu * mmu), p1 = std::sqrt(e1 * e1 - mmu * mmu);
  return std::acos((beam_energy * e1 - mmu * mmu - me * (beam_energy - e1)) / (p * p1));
}

void expect_relative(double value, double expected, double tolerance, const char* what) {
  EXPECT_NEAR(value / expected, 1.0, tolerance) << what << ": " << value << " vs " << expected;
}

TEST(ElasticKinematics, CheckValuesAt160GeV) {
  // Printed digits of docs/references.md, MUonE: tolerance half a unit in the last digit.
  EXPECT_NEAR(k160.sqrt_s(), 0.4180, 0.5e-4);
  EXPECT_NEAR(k160.q2_max(), 0.1531, 0.5e-4);
  EXPECT_NEAR(electron_mass<double>() + k160.electron_kinetic_max(), 149.77, 0.5e-2);
  EXPECT_NEAR(k160.muon_angle_max() * 1e3, 4.836, 0.5e-3);
  struct Row { double theta_mrad, energy, q2, theta_mu_mrad, e_tol, q2_tol, mu_tol; };
  const Row rows[] = {{1.0, 130.631, 0.13350, 4.4479, 0.5e-3, 0.5e-5, 0.5e-4},
                      {5.0, 32.114, 0.03282, 1.2556, 0.5e-3, 0.5e-5, 0.5e-4},
                      {10.0, 9.567, 0.00978, 0.6360, 0.5e-3, 0.5e-5, 0.5e-4},
                      {32.0, 0.9913, 0.00101, 0.1995, 0.5e-4, 0.5e-5, 0.5e-4}};
  for (const Row& row : rows) {
    const double theta = row.theta_mrad * 1e-3;
    const double energy = electron_energy_from_angle(k160, theta);
    const double q2 = q2_from_electron_tan(k160, std::tan(theta));
    const ElasticFinalState<double> f = elastic_final_state(k160, q2);
    EXPECT_NEAR(energy, row.energy, row.e_tol) << row.theta_mrad;
    EXPECT_NEAR(q2, row.q2, row.q2_tol) << row.theta_mrad;
    EXPECT_NEAR(std::atan(f.tan_muon) * 1e3, row.theta_mu_mrad, row.mu_tol) << row.theta_mrad;
  }
  // Equal angles at 2.4395 mrad, E_e = E_mu' = 80 GeV.
  const ElasticFinalState<double> eq = elastic_final_state(k160, q2_from_electron_kinetic(k160.equal_angle_kinetic()));
  EXPECT_NEAR(std::atan(eq.tan_electron) * 1e3, 2.4395, 0.5e-4);
  EXPECT_NEAR(std::atan(eq.tan_muon) * 1e3, 2.4395, 0.5e-4);
  EXPECT_NEAR(eq.electron_energy, 80.0, 0.5e-2);
  EXPECT_NEAR(eq.muon_energy, 80.0, 0.5e-2);
}

TEST(ElasticKinematics, ReferenceFormulasToOneInAMillion) {
  for (double beam : {150.0, 160.0, 175.0}) {
    const ElasticKinematics<double> k = ElasticKinematics<double>::from_energy(beam);
    const LD me = units::kElectronMass_GeV, mmu = units::kMuonMass_GeV;
    const LD p2 = LD(beam) * beam - mmu * mmu;
    const LD s = mmu * mmu + me * me + 2 * me * LD(beam);
    expect_relative(k.q2_max(), double(4 * me * me * p2 / s), 1e-6, "q2_max");
    expect_relative(k.muon_angle_max(), double(std::asin(me / mmu)), 1e-6, "muon angle max");
    for (double theta_mrad : {0.3, 1.0, 2.0, 2.4395, 5.0, 10.0, 20.0, 32.0, 50.0}) {
      const double theta = theta_mrad * 1e-3;
      const LD e_ref = reference_electron_energy(beam, theta);
      expect_relative(electron_energy_from_angle(k, theta), double(e_ref), 1e-6, "E_e(theta_e)");
      const double q2 = q2_from_electron_tan(k, std::tan(theta));
      expect_relative(q2, double(2 * me * (e_ref - me)), 1e-6, "q2(theta_e)");
      const ElasticFinalState<double> f = elastic_final_state(k, q2);
      expect_relative(std::atan(f.tan_electron), theta, 1e-6, "theta_e round trip");
      expect_relative(std::atan(f.tan_muon), double(reference_muon_angle(beam, e_ref)), 1e-6, "theta_mu");
      expect_relative(f.muon_energy, double(LD(beam) + me - e_ref), 1e-6, "E_mu'");
      // The muon angle gives q2 back on the branch of its side of the maximum.
      const double q2_peak = q2_from_muon_tan(k, std::tan(k.muon_angle_max()), MuonBranch::low_q2);
      const MuonBranch branch = q2 < q2_peak ? MuonBranch::low_q2 : MuonBranch::high_q2;
      expect_relative(q2_from_muon_tan(k, f.tan_muon, branch), q2, 1e-6, "q2(theta_mu)");
    }
  }
}

TEST(ElasticKinematics, DerivativeOfQ2FromElectronAngle) {
  for (double tan_e : {0.5e-3, 2e-3, 1e-2, 4e-2}) {
    const double h = tan_e * 1e-5;
    const double fd = (q2_from_electron_tan(k160, tan_e + h) - q2_from_electron_tan(k160, tan_e - h)) / (2 * h);
    expect_relative(q2_from_electron_tan_derivative(k160, tan_e), fd, 1e-7, "dq2/dtan");
  }
}

TEST(ElasticKinematics, AngleSlopesInQ2) {
  for (double q2 : {0.002, 0.02, 0.07, 0.1, 0.14}) {
    double de, dmu;
    elastic_angle_slopes(k160, q2, de, dmu);
    const double h = q2 * 1e-6;
    const ElasticFinalState<double> a = elastic_final_state(k160, q2 + h), b = elastic_final_state(k160, q2 - h);
    expect_relative(de, (std::atan(a.tan_electron) - std::atan(b.tan_electron)) / (2 * h), 1e-6, "d theta_e / d q2");
    expect_relative(dmu, (std::atan(a.tan_muon) - std::atan(b.tan_muon)) / (2 * h), 1e-5, "d theta_mu / d q2");
  }
}

TEST(ElasticKinematics, AngleSlopesInTheBeamEnergy) {
  for (double q2 : {0.002, 0.02, 0.07, 0.14}) {
    double de, dmu;
    elastic_angle_energy_slopes(k160, q2, de, dmu);
    const double h = 1e-3;
    const auto a = ElasticKinematics<double>::from_energy(160.0 + h), b = ElasticKinematics<double>::from_energy(160.0 - h);
    const ElasticFinalState<double> fa = elastic_final_state(a, q2), fb = elastic_final_state(b, q2);
    expect_relative(de, (std::atan(fa.tan_electron) - std::atan(fb.tan_electron)) / (2 * h), 1e-5, "d theta_e / d E");
    expect_relative(dmu, (std::atan(fa.tan_muon) - std::atan(fb.tan_muon)) / (2 * h), 1e-5, "d theta_mu / d E");
  }
}

TEST(ElasticKinematics, FloatKeepsMilliradianAngles) {
  const ElasticKinematics<float> kf = ElasticKinematics<float>::from_energy(160.0f);
  for (double theta_mrad : {0.5, 2.0, 10.0, 30.0}) {
    const double theta = theta_mrad * 1e-3;
    const double q2 = q2_from_electron_tan(k160, std::tan(theta));
    const ElasticFinalState<float> f = elastic_final_state(kf, float(q2));
    const ElasticFinalState<double> d = elastic_final_state(k160, q2);
    EXPECT_NEAR(f.tan_electron / d.tan_electron, 1.0, 1e-5) << theta_mrad;
    EXPECT_NEAR(f.tan_muon / d.tan_muon, 1.0, 1e-5) << theta_mrad;
    EXPECT_NEAR(q2_from_electron_tan(kf, float(std::tan(theta))) / q2, 1.0, 1e-5) << theta_mrad;
  }
}

}  // namespace
}  // namespace detgrad::muone
