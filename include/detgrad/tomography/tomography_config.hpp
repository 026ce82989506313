#pragma once
// The tomography task's section of a study (host only): the detector panels (the design
// parameters) and how the loss is formed. Parsed from the study's "tomography" section by
// host/tomography/tomography_json.cpp. Units in the field names.
#include <array>
#include <string>
#include <vector>

namespace detgrad {

struct PanelConfig {
  std::string name;
  double z_m = 0.0;                       // height of the panel plane
  std::array<double, 2> centre_m{};       // default: the centre of the volume's footprint
  std::array<double, 2> span_m{};         // full widths in x and y; default: the footprint
  double sigma_m = 1e-4;                  // hit resolution (Gaussian rms), 100 um
  double efficiency = 0.9;                // probability that the panel records a crossing
  bool centre_given = false;              // false: resolve_tomography_defaults fills centre_m
  bool span_given = false;                // false: resolve_tomography_defaults fills span_m
};

enum class TomographyLoss { voxel_x0, dense_material, fill_height };

struct TomographyConfig {
  std::vector<PanelConfig> panels;        // above and below the volume, any order
  double edge_length_m = 0.05;            // full width of the panels' smooth edge ramps during optimisation (m)
  // Least distance in z between neighbouring panels on one side, kept during optimisation
  // (m). Two panels at almost the same height measure a direction badly whenever only
  // those two fire, which the smooth optimisation-mode loss does not see.
  double min_panel_gap_m = 0.001;
  double cost_per_m2 = 1.0;               // panel cost per unit area (cost units / m^2)
  // Optional resolution-dependent cost: + resolution_cost_per_m2 * area * (100 um / sigma),
  // so that a finer panel costs more (cost units / m^2 at 100 um).
  double resolution_cost_per_m2 = 0.0;
  double budget = 0.0;                    // cost budget; 0: no budget term
  double budget_coefficient = 1.0;        // loss units per cost unit above the budget
  double budget_smoothness = 0.05;        // relative width of the smooth step at the budget
  TomographyLoss loss = TomographyLoss::voxel_x0;
  double momentum_resolution = 0.0;       // relative rms of the measured momentum; 0: known
  double reference_x0_m = 0.1;            // X0 that sets the uncertainty weights' scale
  double dense_x0_threshold_m = 0.01;     // dense_material: X0 below this counts as dense
  std::array<double, 2> height_region_z_m{0.0, 0.0};  // fill_height: z range of the PoCA average
};

}  // namespace detgrad
