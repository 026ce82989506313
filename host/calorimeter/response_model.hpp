#pragma once
// The optimisation mode's response model of a calorimeter study (host only): the smooth
// model of include/detgrad/calorimeter/stack_response_model.hpp for the study's slabs and
// beam energies, its sampling scale kappa calibrated on the particle level of the study's
// own stack, the loss (mean of sigma^2/E^2 over the energies) and its adjoint gradient with
// respect to every slab's thickness. Calibration (calibration_layouts): `showers`
// particle-level showers per beam energy on the study's stack with every passive slab scaled
// by 0.7, 1 and 1.4, with every active slab scaled by 0.6, and with the front half's passive
// slabs at 0.7 and the back half's at 1.4 (a sampling fraction that varies with depth); the
// profile kernel per energy measured on kKernelShowerFactor x `showers` showers of the study's
// stack deepened to twice its depth in X0 (measure_profile_kernel); kappa, mu, eta and nu by
// weighted non-negative least squares of sigma^2/E^2 (errors from the showers' kurtosis),
// gamma on a grid from 0.5 to 2.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "calorimeter/calo_config.hpp"
#include "calorimeter/shower_pass.hpp"
#include "calorimeter/shower_setup.hpp"
#include "detgrad/calorimeter/stack_response_model.hpp"
#include "optimize/parameter_groups.hpp"

namespace detgrad::calorimeter {

constexpr double kMipKinetic_GeV = 0.3;      // a muon near minimum ionisation (beta gamma ~ 3.7) sets g
// The profile kernel's showers per calibration shower: its covariance of rare, late-leaking
// showers needs many (LHCb-like stack: 5 gave the model within 5 % of the particle level at
// 16 of 25 visited points, 20 at 20 of 25; docs/calorimeter.md).
constexpr std::uint64_t kKernelShowerFactor = 20;

// The calibration's layouts (every slab's thickness), the study's own second.
std::vector<std::vector<double>> calibration_layouts(const std::vector<double>& thickness,
                                                     const std::vector<ResponseSlab>& slabs);

// A measured profile kernel's storage (ProfileKernel points into it).
struct ProfileKernelData {
  std::vector<double> edges, covariance, mean;
};
// The covariance and mean over the showers of `t` (one beam energy) of the energy fraction
// deposited in each sampling cell of the stack (slabs, thickness) as ProfileKernel's bins.
ProfileKernelData measure_profile_kernel(const std::vector<ResponseSlab>& slabs, const std::vector<double>& thickness,
                                         const ShowerTallies& t, double energy_GeV);

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
  double nu() const { return nu_; }
  // The calibration fit's chi^2 and its number of points (layouts x energies).
  double calibration_chi2() const { return calibration_chi2_; }
  std::size_t calibration_points() const { return calibration_points_; }
  // Particle-level sigma/E at each energy for the study's own stack (part of the calibration's data).
  const std::vector<double>& particle_level() const { return particle_level_; }

 private:
  std::vector<ResponseSlab> slabs_;
  std::vector<double> thickness_;
  std::vector<ResponseShape> shapes_;  // per energy (kernel pointers set by shape())
  std::vector<ProfileKernelData> kernels_;  // per energy
  ResponseShape shape(std::size_t energy) const;
  int work_size(std::size_t slabs) const;
  void calibrate(const CaloStudyConfig& study, std::uint64_t showers);

  double kappa_ = 0.0, mu_ = 0.0, eta_ = 0.0, gamma_ = 1.0, nu_ = 0.0;
  double calibration_chi2_ = 0.0;
  std::size_t calibration_points_ = 0;
  std::vector<double> particle_level_;
};

}  // namespace detgrad::calorimeter
