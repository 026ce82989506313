#pragma once
// Constants of the SWGO array-layout model. Unless stated otherwise the source is the
// public SWGOLO reference code (T. Dorigo et al., swgolo148.cpp, CC0) behind "Toward the
// end-to-end optimization of the SWGO array layout" (arXiv:2310.01857), as summarised in
// docs/swgo.md. Units: energy in PeV, lengths in m, times in ns, angles in rad.
namespace detgrad::swgo {

// Speed of light in m/ns (SWGOLO's value 0.29979; CODATA c = 0.299792458 m/ns).
constexpr double kLightSpeed_m_per_ns = 0.29979;

// Primary energies of the model, PeV (SWGOLO: 0.1 to 10 PeV; the LDF energy variable is
// defined on this range).
constexpr double kEnergyMin_PeV = 0.1;
constexpr double kEnergyMax_PeV = 10.0;

// Largest zenith angle, rad (SWGOLO: 65 degrees), also the end of the LDF zenith variable.
constexpr double kThetaMax_rad = 65.0 * 3.14159265358979323846 / 180.0;

// Shower-plane distance below which densities are frozen, m (SWGOLO clamps R at 2 m).
constexpr double kMinDistance_m = 2.0;

// Muon density scale relative to the block's p0 (SWGOLO: rho_mu = 0.02 p0 exp(-R^p2)).
constexpr double kMuonDensityScale = 0.02;

// Integration window of a unit, ns (SWGOLO: 128 ns).
constexpr double kWindow_ns = 128.0;
// Background rates per m^2 per ns (SWGOLO): muons 1.826e-6 (about 1826 muons per m^2 per s
// at ~5 km altitude), e/gamma 2.0e-7 (the reference's rough guess).
constexpr double kMuonBackground_per_m2_ns = 1.826e-6;
constexpr double kElectronBackground_per_m2_ns = 2.0e-7;

// Single tank: radius 1.91 m (SWGO water Cherenkov tank, as in SWGOLO), area pi r^2.
constexpr double kTankRadius_m = 1.91;
constexpr double kTankArea_m2 = 3.14159265358979323846 * kTankRadius_m * kTankRadius_m;  // 11.46 m^2
// Macro-unit of 19 tanks (SWGOLO): area 19 tank areas (217.76 m^2).
constexpr int kTanksPerMacroUnit = 19;
constexpr double kMacroUnitArea_m2 = kTanksPerMacroUnit * kTankArea_m2;

// Least distance between units, m (SWGOLO): tanks 2 x 1.91 + 0.6 m, macro-units 22.1 m.
constexpr double kTankLeastDistance_m = 2.0 * kTankRadius_m + 0.6;
constexpr double kMacroUnitLeastDistance_m = 22.1;

// Time spread of one signal particle, ns (SWGOLO: sigma_t = 10 ns).
constexpr double kSigmaTime_ns = 10.0;

// Trigger: at least 50 tanks with at least one particle (SWGOLO).
constexpr int kTriggerTanks = 50;

// Core disc margin R_slack, m (SWGOLO: 2000 m).
constexpr double kCoreSlack_m = 2000.0;

// Scales of the utility's two resolution terms (SWGOLO's utility, docs/swgo.md "Utility"),
// both dimensionless: U_IR = kEnergyResolutionScale n / sum sigma_lnE over the triggered gamma
// showers, U_PR = kPointingResolutionScale < delta / sqrt(s_theta^2 + sin^2 theta s_phi^2 +
// delta^2) >. Used by the evaluation mode (host/swgo/evaluation.cpp) and the optimisation
// mode's expected errors (host/swgo/fisher_passes.cpp).
constexpr double kEnergyResolutionScale = 50.0;
constexpr double kPointingResolutionScale = 2000.0;

}  // namespace detgrad::swgo
