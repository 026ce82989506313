#pragma once
// What the per-muon tomography code reads besides the design parameters: the transport
// setup (whose planes are the panels' reference heights) and the reconstruction and
// inference settings. Trivially copyable; built on the host by host/tomography.
#include "detgrad/tomography/panel_response.hpp"
#include "detgrad/tomography/voxel_assignment.hpp"
#include "detgrad/tomography/transport/transport_setup.hpp"

namespace detgrad::tomography {

constexpr int kMaxPanels = 2 * kMaxPanelsPerSide;
static_assert(kMaxPanels <= kMaxPlanes, "every panel needs a transport plane");

// Half-width of the soft PoCA-to-voxel window used by the inference: 3 x 3 x 3 voxels.
constexpr int kInferenceHalfWindow = 1;

// Whether a pass runs the optimisation model (smooth edges, efficiency as a weight) or
// the evaluation model (hard edges, hits drawn with the panel's efficiency).
enum class DetectorModel { optimisation, evaluation };

// The design: every panel's parameters, in transport order.
template <typename T>
struct DesignParams {
  PanelParams<T> panel[kMaxPanels];
};

// A panel or a design in another real type (float for the fast passes, double for checks).
template <typename T, typename U>
DETGRAD_HDI PanelParams<T> panel_as(const PanelParams<U>& p) {
  return PanelParams<T>{T(p.z), T(p.x), T(p.y), T(p.span_x), T(p.span_y), T(p.sigma), T(p.efficiency)};
}

template <typename T, typename U>
DETGRAD_HDI DesignParams<T> design_as(const DesignParams<U>& d) {
  DesignParams<T> out;
  for (int i = 0; i < kMaxPanels; ++i) out.panel[i] = panel_as<T>(d.panel[i]);
  return out;
}

struct TomographySetup {
  // Transport; plane i is panel i's height at the start of the step (decreasing z). Within
  // a step a panel at height z sees the muon's crossing extrapolated along its direction
  // at the reference plane: x(z) = x_i + slope_x (z - z_i).
  TransportSetup transport;
  int panels_above;   // panels 0 .. panels_above-1 lie above the volume
  int panels_below;   // the next panels_below lie below it
  DetectorModel model;
  double edge_length_m;
  double z_ref_above_m;     // fit reference heights: the mean panel height of each stack
                            // in the step's reference design (constant within the step)
  double z_ref_below_m;
  double volume_height_m;
  double momentum_resolution;  // relative; 0: the true momentum is known
  double reference_x0_m;       // sets the scale of the uncertainty weights
  double theta_floor_rad;      // floor of the scattering angle in the PoCA z uncertainty
  // Fill-height region: voxel layers whose centres lie in [z0, z1] (z0 == z1: none). Each
  // muon adds w in z and w in, with `in` its PoCA's probability of lying in those layers.
  double height_region_z_m[2];
  // When set, each muon's 3 x 3 x 3 assignment window is centred on its PoCA for
  // `reference_design` (the design at the start of the step) instead of the design being
  // evaluated: the window is then fixed within the step, and the loss a smooth function
  // of the design (a finite-difference check needs that; an optimisation step evaluates
  // the reference design itself and leaves this off).
  bool window_from_reference;
  DesignParams<double> reference_design;
};

template <typename T>
DETGRAD_HDI GridAxis<T> grid_axis(const VoxelGridView& g, int a) {
  return GridAxis<T>{T(g.origin_m[a]), T(g.voxel_size_m[a]), g.count[a]};
}

}  // namespace detgrad::tomography
