#pragma once
// The optimisation mode's response model of a calorimeter study (host only): the smooth
// model of include/detgrad/calorimeter/stack_response_model.hpp for the study's slabs and
// beam energies, its sampling scale kappa calibrated on the particle level of the study's
// own stack, the loss (mean of sigma^2/E^2 over the energies) and its adjoint gradient with
// respect to every slab's thickness. Calibration: `showers` particle-level showers per beam
// energy on the study's stack with every passive slab scaled by 0.7, 1 and 1.4 and with every
// active slab scaled by 0.6; kappa, mu and eta by weighted non-negative least squares of
// sigma^2/E^2, gamma on a grid from 0.5 to 2.
#include <cstdint>
#include <vector>

#include "calorimeter/calo_config.hpp"
#include "calorimeter/shower_setup.hpp"
#include "detgrad/calorimeter/stack_response_model.hpp"
#include "optimize/parameter_groups.hpp"

namespace detgrad::calorimeter {

constexpr double kMipKinetic_GeV = 0.3;      // a muon near minimum ionisation (beta gamma ~ 3.7) sets g

class ResponseModel {
 public:
  // Calibrates kappa with `showers` particle-level showers per beam energy.
  ResponseModel(const CaloStudyConfig& study, std::uint64_t showers);

  const std::vector<double>& initial() const { return thickness_; }
  std::vector<optimize::ParameterSpec> parameters() const;
  // The model's sigma/E at each energy for thicknesses x.
  std::vector<double> resolutions(const std::vector<double>& x) const;
  // Mean of r^2 over the energies; the gradient added to *gradient when given.
  double loss(const std::vector<double>& x, std::vector<double>* gradient) const;

  double kappa() const { return kappa_; }
  double eta() const { return eta_; }
  double mu() const { return mu_; }
  double gamma() const { return gamma_; }
  // Particle-level sigma/E at each energy for the study's own stack (part of the calibration's data).
  const std::vector<double>& particle_level() const { return particle_level_; }

 private:
  std::vector<ResponseSlab> slabs_;
  std::vector<double> thickness_;
  std::vector<ResponseShape> shapes_;  // per energy
  void calibrate(const CaloStudyConfig& study, std::uint64_t showers);

  double kappa_ = 0.0, mu_ = 0.0, eta_ = 0.0, gamma_ = 1.0;
  std::vector<double> particle_level_;
};

}  // namespace detgrad::calorimeter
