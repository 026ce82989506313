// Tables of stopping powers, ranges and cross sections (em_medium.hpp). Sources:
//  - e+- collision stopping power: Berger and Seltzer's formula (ICRU Report 37 (1984);
//    PDG "Passage of particles through matter" sec. 34.2.7 quotes it) with the functions
//    F-(tau) (Moller) and F+(tau) (Bhabha), unrestricted: no delta rays are produced, their
//    energy is part of the continuous loss and of its fluctuations.
//    K = 0.307075 MeV cm^2/mol (PDG Table 34.1).
//  - density effect: Sternheimer's parameterisation with the library's coefficients (PDG eq. 34.7).
//  - bremsstrahlung and pair production: em_formulas.hpp (Bethe-Heitler with screening).
//  - Compton: Klein-Nishina total cross section per electron (Heitler, The Quantum Theory
//    of Radiation, 3rd ed. 1954), free electrons at rest (no binding corrections).
//  - photoelectric absorption: a fit per atom, sigma = C Z^4.2 (E / 100 keV)^-p with
//    p = 3 below 100 keV and 2.6 above, C = 1.64e-5 barn, and a K-edge jump of 4.5 below the
//    K binding energy; C, the exponents and the jump are fitted by hand to NIST XCOM's
//    photoelectric cross sections of O, Fe and Pb between 50 keV and 500 keV (within about
//    30 %); no fluorescence (the absorbed photon's energy is given to a photoelectron).
//  - mu+- ionisation: the engine's muon stopping power (physics/stopping_power.hpp), held
//    at its 1 MeV value below 1 MeV.
#include "calorimeter/em_tables.hpp"

#include <algorithm>
#include <cmath>

#include "detgrad/calorimeter/em_formulas.hpp"
#include "detgrad/physics/stopping_power.hpp"

namespace detgrad::calorimeter {
namespace {

constexpr double kHalfK_MeV_cm2_mol = 0.5 * 0.307075;  // K/2, MeV cm^2/mol (PDG Table 34.1)
constexpr double kMeVPerCm_GeVPerM = 0.1;
constexpr double kAvogadro = 6.02214076e23;             // 1/mol (PDG 2022)
constexpr double kBarn_m2 = 1e-28;
constexpr double kLn2 = 0.6931471805599453;
constexpr double kPhotoCoefficient_barn = 1.64e-5;      // fit, see above
constexpr double kPhotoZExponent = 4.2;
constexpr double kPhotoReference_GeV = 1e-4;            // 100 keV
constexpr double kPhotoKEdgeJump = 4.5;
constexpr double kMuonMinimumEnergy_GeV = 1e-3;

double density_effect(const Material& m, double x) {
  const double ln10 = 2.302585092994046;
  if (x >= m.density_x1) return 2.0 * ln10 * x - m.density_cbar;
  if (x >= m.density_x0) return 2.0 * ln10 * x - m.density_cbar + m.density_a * std::pow(m.density_x1 - x, m.density_k);
  return m.density_delta0 * std::pow(10.0, 2.0 * (x - m.density_x0));
}

double density_g_cm3(const CaloMedium& m) { return m.material->density_kg_m3 * 1e-3; }

// Simpson's rule with n (even) intervals.
template <typename F>
double simpson(F f, double a, double b, int n) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4.0 : 2.0);
  return s * h / 3.0;
}

EmMedium<double> medium_scalars(const CaloMedium& m) {
  EmMedium<double> s;
  s.radiation_length_m = m.material->radiation_length_m();
  s.bohr_factor_GeV_m = kHalfK_MeV_cm2_mol * m.material->z_over_a * density_g_cm3(m) * kMeVPerCm_GeVPerM;
  s.inv_cbrt_z = std::pow(m.z_eff, -1.0 / 3.0);
  s.screening_low = 4.0 / 3.0 * std::log(m.z_eff);
  s.screening_high = s.screening_low + 4.0 * coulomb_correction(m.z_eff);
  s.brem_norm = screening_phi1(0.0) - s.screening_high;
  return s;
}

double screening_for(const EmMedium<double>& s, double total_energy) {
  return total_energy > kCoulombCorrectionThreshold_GeV ? s.screening_high : s.screening_low;
}

// Bremsstrahlung above the photon cut: integral of bracket / k over [cut, T], 1/m.
double brem_cross_section(const EmMedium<double>& s, double kinetic, double cut) {
  if (kinetic <= cut) return 0.0;
  const double e = kinetic + kElectronMass_GeV, f = screening_for(s, e);
  const double integral =
      simpson([&](double lnk) { return brem_bracket(std::exp(lnk), e, s.inv_cbrt_z, f); }, std::log(cut),
              std::log(kinetic), 64);
  return integral / (s.radiation_length_m * s.brem_norm);
}

// Energy radiated below the photon cut per unit length: integral of bracket over [0, min(cut, T)], GeV/m.
double soft_brem_loss(const EmMedium<double>& s, double kinetic, double cut) {
  const double e = kinetic + kElectronMass_GeV, f = screening_for(s, e);
  const double top = std::min(cut, kinetic);
  const double integral = simpson([&](double k) { return brem_bracket(k, e, s.inv_cbrt_z, f); }, 0.0, top, 32);
  return integral / (s.radiation_length_m * s.brem_norm);
}

double pair_cross_section(const EmMedium<double>& s, double k) {
  if (k <= 2.0 * kElectronMass_GeV) return 0.0;
  const double f = screening_for(s, k), lo = kElectronMass_GeV / k;
  const double integral =
      2.0 * simpson([&](double eps) { return pair_bracket(eps, k, s.inv_cbrt_z, f); }, lo, 0.5, 64);
  return integral / (s.radiation_length_m * s.brem_norm);
}

// Range by the trapezoidal rule in ln E of E / (dE/dx), starting from E_0 / (dE/dx)(E_0).
void fill_range(const double* energy, const double* dedx, double* range, int n) {
  range[0] = energy[0] / dedx[0];
  for (int i = 1; i < n; ++i) {
    const double dl = std::log(energy[i] / energy[i - 1]);
    range[i] = range[i - 1] + 0.5 * dl * (energy[i] / dedx[i] + energy[i - 1] / dedx[i - 1]);
  }
}

}  // namespace

double collision_stopping_power(const CaloMedium& m, double kinetic, bool positron) {
  const double me = kElectronMass_GeV;
  const double tau = kinetic / me, gamma = tau + 1.0, beta2 = 1.0 - 1.0 / (gamma * gamma);
  const double i_over_m = m.material->mean_excitation_energy_GeV / me;
  const double x = std::log10(std::sqrt(tau * (tau + 2.0)));
  double f;
  if (positron) {
    const double y = 1.0 / (tau + 2.0);
    f = 2.0 * kLn2 - beta2 / 12.0 * (23.0 + 14.0 * y + 10.0 * y * y + 4.0 * y * y * y);
  } else {
    f = 1.0 - beta2 + (tau * tau / 8.0 - (2.0 * tau + 1.0) * kLn2) / (gamma * gamma);
  }
  const double bracket =
      std::log(tau * tau * (tau + 2.0) / (2.0 * i_over_m * i_over_m)) + f - density_effect(*m.material, x);
  const double dedx = kHalfK_MeV_cm2_mol * m.material->z_over_a * density_g_cm3(m) / beta2 * bracket;
  // Below ~1 keV in lead the formula turns over; it is never used there (cuts >= 10 keV).
  return std::max(dedx, 1e-3) * kMeVPerCm_GeVPerM;
}

double compton_cross_section(const CaloMedium& m, double k) {
  const double kappa = k / kElectronMass_GeV;
  const double l = std::log1p(2.0 * kappa);
  const double per_electron =
      2.0 * 3.14159265358979323846 * kClassicalElectronRadius_m * kClassicalElectronRadius_m *
      ((1.0 + kappa) / (kappa * kappa) * (2.0 * (1.0 + kappa) / (1.0 + 2.0 * kappa) - l / kappa) + l / (2.0 * kappa) -
       (1.0 + 3.0 * kappa) / ((1.0 + 2.0 * kappa) * (1.0 + 2.0 * kappa)));
  const double electrons_per_m3 = m.material->density_kg_m3 * 1e3 * m.material->z_over_a * kAvogadro;
  return electrons_per_m3 * per_electron;
}

double photoelectric_cross_section(const CaloMedium& m, double k) {
  const double p = k < kPhotoReference_GeV ? 3.0 : 2.6;
  const double energy_factor = std::pow(k / kPhotoReference_GeV, -p);
  double per_gram = 0.0;
  for (const Element& e : m.elements) {
    double sigma = kPhotoCoefficient_barn * std::pow(double(e.z), kPhotoZExponent) * energy_factor;
    if (k < e.k_edge_GeV) sigma /= kPhotoKEdgeJump;
    per_gram += e.mass_fraction * kAvogadro / e.a_g_mol * sigma * kBarn_m2;
  }
  return per_gram * m.material->density_kg_m3 * 1e3;
}

EmTableStore<double> build_em_tables(const std::vector<const CaloMedium*>& media, const EmCuts& cuts) {
  EmTableStore<double> t;
  const int decades = int(std::lround(std::log10(kTableMaxEnergy_GeV / kTableMinEnergy_GeV)));
  t.energies = decades * kTablePointsPerDecade + 1;
  const int n = t.energies;
  std::vector<double> energy(n);
  for (int i = 0; i < n; ++i) energy[i] = kTableMinEnergy_GeV * std::pow(10.0, double(i) / kTablePointsPerDecade);
  t.values.assign(std::size_t(media.size()) * kEmColumns * n, 0.0);
  for (std::size_t mi = 0; mi < media.size(); ++mi) {
    const CaloMedium& m = *media[mi];
    const EmMedium<double> s = medium_scalars(m);
    t.media.push_back(s);
    double* base = t.values.data() + mi * kEmColumns * n;
    auto col = [&](int c) { return base + std::size_t(c) * n; };
    for (int i = 0; i < n; ++i) {
      const double e = energy[i];
      const double soft = soft_brem_loss(s, e, cuts.photon_cut_GeV);
      col(kDedxElectron)[i] = collision_stopping_power(m, e, false) + soft;
      col(kDedxPositron)[i] = collision_stopping_power(m, e, true) + soft;
      col(kBremCrossSection)[i] = brem_cross_section(s, e, cuts.photon_cut_GeV);
      col(kPairCrossSection)[i] = pair_cross_section(s, e);
      col(kComptonCrossSection)[i] = compton_cross_section(m, e);
      col(kPhotoCrossSection)[i] = photoelectric_cross_section(m, e);
      col(kDedxMuon)[i] =
          ionisation_stopping_power(*m.material, std::max(e, kMuonMinimumEnergy_GeV)) * m.material->density_kg_m3;
    }
    fill_range(energy.data(), col(kDedxElectron), col(kRangeElectron), n);
    fill_range(energy.data(), col(kDedxPositron), col(kRangePositron), n);
    fill_range(energy.data(), col(kDedxMuon), col(kRangeMuon), n);
  }
  return t;
}

}  // namespace detgrad::calorimeter
