#pragma once
// Units and physical constants. detgrad's internal units: length in metres (m), energy
// and momentum in GeV (GeV/c), mass thickness in kg/m^2, density in kg/m^3, time in
// seconds. Tables from the PDG use g/cm^2 and g/cm^3; the conversions are named here.

namespace detgrad::units {

constexpr double kCentimetre_m = 1e-2;
constexpr double kMillimetre_m = 1e-3;
constexpr double kMeV_GeV = 1e-3;
constexpr double kGramPerCm2_kgPerM2 = 10.0;     // 1 g/cm^2 = 10 kg/m^2
constexpr double kGramPerCm3_kgPerM3 = 1000.0;   // 1 g/cm^3 = 1000 kg/m^3
constexpr double kPi = 3.14159265358979323846;
constexpr double kDegree_rad = kPi / 180.0;

// PDG Review of Particle Physics 2022, "Physical constants" table.
constexpr double kMuonMass_GeV = 0.1056583755;     // muon mass, GeV/c^2
constexpr double kElectronMass_GeV = 0.51099895e-3;  // electron mass, GeV/c^2
constexpr double kSpeedOfLight_m_per_ns = 0.299792458;  // c, m/ns (exact, SI definition of the metre)

// PDG 2022, "Passage of particles through matter", eq. 34.33 (Highland): 13.6 MeV.
constexpr double kHighlandScale_GeV = 13.6e-3;
constexpr double kHighlandLogCoefficient = 0.038;

}  // namespace detgrad::units
