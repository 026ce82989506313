#pragma once
// The particle level of a calorimeter study at each beam energy (host only): per-shower
// visible energy, the resolution table and the fit sigma/E = a/sqrt(E) (+) b (+) c/E.
#include <cstdint>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "calorimeter/calo_config.hpp"
#include "calorimeter/shower_pass.hpp"
#include "calorimeter/transverse_cells.hpp"
#include "detgrad/study/backend_kind.hpp"

namespace detgrad::calorimeter {

struct EnergyPoint {
  double energy_GeV = 0.0;
  std::uint64_t showers = 0;
  double mean_visible_GeV = 0.0;
  double rms_visible_GeV = 0.0;
  double resolution = 0.0;        // rms / mean of the visible energy
  double resolution_error = 0.0;  // statistical, from the showers' kurtosis (relative_spread.hpp)
  double kurtosis = 0.0;          // of the visible energy (3 for a Gaussian; leakage tails raise it)
  double mean_escaped_GeV = 0.0;  // leakage (all directions)
  // The showers' times (ShowerTallies::visible_time; CPU pass only): mean and rms over the
  // showers, ns, the rms's statistical error from their kurtosis.
  bool has_time = false;
  double mean_time_ns = 0.0, time_rms_ns = 0.0, time_rms_error_ns = 0.0;
  std::vector<double> profile_GeV;  // mean deposit per active layer
  bool has_cells = false;           // the study's cell_size_m > 0
  CellSummary cells;
};

struct ResolutionFit {
  double a = 0.0, b = 0.0, c = 0.0;  // sigma/E = a/sqrt(E) (+) b (+) c/E, E in GeV
  double chi2 = 0.0;
  int ndf = 0;
};

struct CaloEvaluation {
  std::vector<EnergyPoint> points;
  ResolutionFit fit;
  // sigma_t = A/sqrt(E) (+) B (+) C/E fitted to the time rms (a: A in ns sqrt(GeV), b: B in
  // ns, c: C in ns GeV); with times only.
  bool has_time = false;
  ResolutionFit time_fit;
  double figure = 0.0;        // root mean square of the relative resolutions over the energies
  double figure_error = 0.0;
  std::uint64_t steps = 0;
  std::vector<double> layer_depth_X0;  // each active layer's middle, radiation lengths from the front face
  CellGrid grid;                       // per_side 0 without cells
  int cell_sections = 1;               // longitudinal sections of the cells
};

BeamSource<double> beam_at(const CaloStudyConfig& study, double energy_GeV);
// The study's spectrum (source.spectrum) as a beam, and the kinetic energies its showers
// first .. first + showers - 1 start with (make_primary's draws, in float as the pass).
BeamSource<double> spectrum_beam(const CaloStudyConfig& study);
std::vector<double> primary_energies(const BeamSource<double>& beam, std::uint64_t seed, std::uint32_t step,
                                     std::uint64_t first, std::uint64_t showers);
// Runs `showers` showers at each of the study's energies (shower indices continue from one
// energy to the next, so no two showers share random numbers); `rows` receives each energy's tallies when given.
// On Backend::cuda the showers run in run_showers_cuda (float, as on the CPU here).
CaloEvaluation evaluate_calorimeter(const CaloStudyConfig& study, const ShowerSetup& setup, std::uint64_t showers,
                                    std::vector<ShowerTallies>* rows = nullptr, Backend backend = Backend::cpu);
// With a spectrum (evaluate_calorimeter calls it): showers x bins showers drawn from it, binned
// by their energy (log bins); per bin with at least two showers a point at the bin's mean
// energy whose resolution is the rms / mean of the visible fraction v / E of its showers.
// `rows` receives the one run's tallies.
void evaluate_spectrum(const CaloStudyConfig& study, const ShowerSetup& setup, std::uint64_t showers,
                       std::vector<ShowerTallies>* rows, Backend backend, CaloEvaluation& e);
// Least squares of (sigma/E)^2 = a^2/E + b^2 + c^2/E^2 with weights from the resolutions'
// errors, each square kept >= 0 (a term that would go negative is dropped and the rest refitted).
ResolutionFit fit_resolution(const std::vector<EnergyPoint>& points);

nlohmann::json evaluation_json(const CaloEvaluation& e);
void write_resolution_csv(const CaloEvaluation& e, const std::filesystem::path& file);
void write_profile_csv(const CaloEvaluation& e, const std::filesystem::path& file);
// energy_GeV, cell, ix, iy, x_m, y_m (the cell's centre), mean_visible_GeV (with cells only).
void write_cells_csv(const CaloEvaluation& e, const std::filesystem::path& file);

}  // namespace detgrad::calorimeter
