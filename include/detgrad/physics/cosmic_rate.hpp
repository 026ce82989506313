#pragma once
// Host side of the cosmic-muon source: building the sampler (envelope constants, checked),
// rates through a horizontal plane, and the exposure time that a number of generated
// muons represents. Double precision; integrals by composite Gauss-Legendre quadrature in
// ln E and cos(zenith) (relative accuracy better than 1e-6 for the models here).
#include "detgrad/physics/cosmic_source.hpp"
#include "detgrad/physics/muon_flux.hpp"

namespace detgrad {

// Builds the sampler. Throws std::invalid_argument for an invalid configuration (momenta
// not 0 < p_min < p_max, zenith_max outside (0, pi/2], charge ratio not > 0), and
// std::runtime_error if the envelope does not dominate the density on the check grid.
CosmicSource build_cosmic_source(const CosmicSourceConfig& config);

// Muons per m^2 per s through a horizontal plane within the config's ranges:
//     2 pi * int_{cos(theta_max)}^1 dc  c  int_{E(p_min)}^{E(p_max)} dE I(E, c)  (* 1e4 cm^2/m^2).
double cosmic_rate_per_m2_s(const CosmicSourceConfig& config);

// The same integral over an arbitrary window of total energy (GeV) and cos(zenith), any
// azimuth, in m^-2 s^-1.
double cosmic_rate_in_window_per_m2_s(CosmicModel model, double energy_min_GeV, double energy_max_GeV,
                                      double cos_min, double cos_max);

// Seconds of exposure that `muons_generated` muons through a plane of area `plane_area_m2`
// represent: N / (rate * area).
double exposure_seconds(const CosmicSourceConfig& config, double plane_area_m2, double muons_generated);

// Vertical integral intensity int_{E(p_min)}^{E(p_max)} I(E, cos = 1) dE, m^-2 s^-1 sr^-1.
double vertical_integral_intensity_per_m2_s_sr(CosmicModel model, double momentum_min_GeV,
                                               double momentum_max_GeV);

// Total energy (GeV) of a muon of momentum p (GeV/c): sqrt(p^2 + m^2).
double muon_energy_GeV(double momentum_GeV);

}  // namespace detgrad
