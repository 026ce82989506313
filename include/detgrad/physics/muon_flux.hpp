#pragma once
// Sea-level cosmic-muon differential intensities dI/(dE dOmega), in cm^-2 s^-1 sr^-1 GeV^-1,
// as functions of the muon's total energy E (GeV) and the cosine of its zenith angle.
// Two published parameterisations (see docs/references.md, "Sea-level cosmic muon
// flux"); both are valid from about 1 GeV up and at all zenith angles. Portable: host and
// device, templated on the real type.
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad {

enum class CosmicModel {
  guan2015,    // Guan et al. 2015, arXiv:1509.06176 (modified Gaisser formula)
  shukla2016,  // Shukla & Sankrith 2016, arXiv:1606.06907 (modified power law, curved Earth)
};

namespace guan2015 {
// Guan, Chen, Qian, Leung et al., "A parametrization of the cosmic-ray muon flux at
// sea-level", arXiv:1509.06176, eqs. 2 and 3 (fit of the effective zenith cosine cos*).
constexpr double kNorm_perCm2_s_sr_GeV = 0.14;  // Gaisser normalisation, cm^-2 s^-1 sr^-1 GeV^-1
constexpr double kSpectralIndex = 2.7;          // dimensionless
constexpr double kLowEnergyScale_GeV = 3.64;    // GeV, low-energy (energy-loss) modification
constexpr double kLowEnergyCosPower = 1.29;     // dimensionless
constexpr double kPionCritical_GeV = 115.0;     // GeV, pion critical energy (Gaisser)
constexpr double kKaonCritical_GeV = 850.0;     // GeV, kaon critical energy (Gaisser)
constexpr double kKaonFraction = 0.054;         // dimensionless, kaon term weight (Gaisser)
constexpr double kAngularFactor = 1.1;          // dimensionless, 1.1 E cos / eps (Gaisser)
constexpr double kP1 = 0.102573, kP2 = -0.068287, kP3 = 0.958633, kP4 = 0.0407253, kP5 = 0.817285;

// Effective cosine of the zenith angle that accounts for the curvature of the Earth:
// cos* = sqrt((c^2 + P1^2 + P2 c^P3 + P4 c^P5) / (1 + P1^2 + P2 + P4)); cos*(1) = 1.
template <typename T>
DETGRAD_HDI T cos_star(T cos_zenith) {
  const T c = cos_zenith < T(0) ? T(0) : (cos_zenith > T(1) ? T(1) : cos_zenith);
  const T num = c * c + T(kP1 * kP1) + T(kP2) * std::pow(c, T(kP3)) + T(kP4) * std::pow(c, T(kP5));
  return std::sqrt(num / T(1.0 + kP1 * kP1 + kP2 + kP4));
}

// dI/dE = 0.14 [E (1 + 3.64 / (E cos*^1.29))]^-2.7
//         * [1/(1 + 1.1 E cos*/115) + 0.054/(1 + 1.1 E cos*/850)].
// Note E (1 + a/E) = E + a: the low-energy modification is a shift of the power law.
template <typename T>
DETGRAD_HDI T intensity(T energy_GeV, T cos_zenith) {
  const T cs = cos_star(cos_zenith);
  const T shift = T(kLowEnergyScale_GeV) * std::pow(cs, T(-kLowEnergyCosPower));
  const T x = T(kAngularFactor) * energy_GeV * cs;
  const T decay = T(1) / (T(1) + x / T(kPionCritical_GeV)) + T(kKaonFraction) / (T(1) + x / T(kKaonCritical_GeV));
  return T(kNorm_perCm2_s_sr_GeV) * std::pow(energy_GeV + shift, T(-kSpectralIndex)) * decay;
}
}  // namespace guan2015

namespace shukla2016 {
// Shukla & Sankrith, "Energy and angular distributions of atmospheric muons at the Earth",
// arXiv:1606.06907: I(E, theta) = I0 N (E0 + E)^-n (1 + E/eps)^-1 D(theta)^-(n-1),
// N = (n - 1) (E0 + Ec)^(n-1), D = sqrt((R/d)^2 cos^2 + 2 R/d + 1) - (R/d) cos.
// Parameter set as implemented in public codes (docs/references.md).
constexpr double kI0_perM2_s_sr = 88.5;                       // m^-2 s^-1 sr^-1
constexpr double kI0_perCm2_s_sr = kI0_perM2_s_sr * 1e-4;     // 1 m^-2 = 1e-4 cm^-2
constexpr double kIndex = 3.0;                                 // n, dimensionless
constexpr double kE0_GeV = 4.28;                               // GeV, energy-loss shift
constexpr double kEpsilon_GeV = 854.0;                         // GeV, high-energy cut-off
constexpr double kEarthOverAtmosphere = 174.0;                 // R/d, dimensionless
// Ec is the lower cut-off of the data in the normalisation N (so that I0 is the vertical
// integral intensity above Ec, neglecting the eps term). Assumption: Ec = 0.5 GeV, which
// makes the vertical integral above 1 GeV 88.5 (4.78/5.28)^2 ~ 72 m^-2 s^-1 sr^-1,
// consistent with the PDG value of ~70 (with Ec = 1 GeV it would be ~88).
constexpr double kEc_GeV = 0.5;                                // GeV

// D(theta), written without cancellation: D = (2 R/d + 1) / (sqrt(...) + (R/d) cos).
template <typename T>
DETGRAD_HDI T path_ratio(T cos_zenith) {
  const T c = cos_zenith < T(0) ? T(0) : (cos_zenith > T(1) ? T(1) : cos_zenith);
  const T a = T(kEarthOverAtmosphere);
  return (T(2) * a + T(1)) / (std::sqrt(a * a * c * c + T(2) * a + T(1)) + a * c);
}

// N = (n - 1) (E0 + Ec)^(n-1), GeV^(n-1), written out for n = 3.
constexpr double kNorm_GeV2 = (kIndex - 1.0) * (kE0_GeV + kEc_GeV) * (kE0_GeV + kEc_GeV);
static_assert(kIndex == 3.0, "kNorm_GeV2 is written out for n = 3");

template <typename T>
DETGRAD_HDI T intensity(T energy_GeV, T cos_zenith) {
  const T d = path_ratio(cos_zenith);
  return T(kI0_perCm2_s_sr * kNorm_GeV2) * std::pow(T(kE0_GeV) + energy_GeV, T(-kIndex)) /
         (T(1) + energy_GeV / T(kEpsilon_GeV)) * std::pow(d, T(-(kIndex - 1.0)));
}
}  // namespace shukla2016

// dI/(dE dOmega) in cm^-2 s^-1 sr^-1 GeV^-1, E the muon's total energy in GeV.
template <typename T>
DETGRAD_HDI T muon_intensity(CosmicModel model, T energy_GeV, T cos_zenith) {
  return model == CosmicModel::guan2015 ? guan2015::intensity(energy_GeV, cos_zenith)
                                        : shukla2016::intensity(energy_GeV, cos_zenith);
}

}  // namespace detgrad
