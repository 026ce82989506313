#pragma once
// The host side of the tomography task: the study's panels as design parameters (with
// names, units and bounds), the per-step setup of the per-muon code, and the voxels' true
// radiation lengths that the inference is scored against.
#include <string>
#include <vector>

#include "detgrad/tomography/panel_packing.hpp"
#include "detgrad/tomography/study_config.hpp"
#include "detgrad/tomography/tomography_config.hpp"
#include "detgrad/tomography/tomography_setup.hpp"
#include "tomography/transport/transport_model.hpp"

namespace detgrad::tomography {

// A passive volume on the study's grid with its truth: the study's own, or a training or
// evaluation volume.
struct TomographyVolume {
  std::vector<MaterialIndex> voxels;  // material index per voxel (x fastest)
  std::vector<double> true_x0_m;      // per voxel
  double true_fill_height_m = 0.0;    // volume_losses.hpp
};

struct GeneratedVolume;  // volume_generators.hpp

class TomographyModel {
 public:
  // The study must be validated and resolved and have a tomography section.
  // `extra_materials`: materials other volumes on the grid use (see TransportModel).
  explicit TomographyModel(const TomographyStudyConfig& study, const std::vector<std::string>& extra_materials = {});

  const TomographyStudyConfig& study() const { return study_; }
  const TomographyConfig& config() const { return *study_.tomography; }
  const TransportModel& transport() const { return transport_; }
  int panel_count() const { return int(panel_names_.size()); }
  int panels_above() const { return panels_above_; }
  const std::vector<std::string>& panel_names() const { return panel_names_; }  // transport order
  int voxel_count() const { return int(volume_.true_x0_m.size()); }
  // The study's own volume.
  const TomographyVolume& study_volume() const { return volume_; }
  const std::vector<double>& true_x0_m() const { return volume_.true_x0_m; }
  double true_fill_height_m() const { return volume_.true_fill_height_m; }
  // A volume on the grid from its materials per voxel (names, x fastest).
  TomographyVolume make_volume(const std::vector<std::string>& voxel_materials) const;
  // The study's generated volumes (its "volumes" section; none without one): the training
  // volumes of an optimisation step, and the fixed evaluation list.
  std::vector<TomographyVolume> training_volumes(std::uint32_t step) const;
  std::vector<TomographyVolume> evaluation_volumes() const;

  // The study's design (transport order).
  DesignParams<double> initial_design() const { return initial_; }
  // Flat view of a design: panel-major, kPanelFields per panel (PanelPacking).
  std::vector<double> flatten(const DesignParams<double>& design) const;
  DesignParams<double> unflatten(const std::vector<double>& values) const;
  std::vector<std::string> parameter_names() const;  // "<panel>.<field>" (tomography_design.hpp)

  // Setup of the per-muon code for an optimisation step: the reference planes are the
  // panels' heights in `design`.
  // `volume` (default: the study's) selects the passive volume.
  TomographySetup setup(std::uint32_t step, DetectorModel model, const DesignParams<double>& design,
                        const TomographyVolume* volume = nullptr) const;

  // Total panel cost (cost units) and its gradient with respect to the design.
  double cost(const DesignParams<double>& design, DesignParams<double>* d_cost) const;

 private:
  TomographyStudyConfig study_;
  TransportModel transport_;
  std::vector<std::string> panel_names_;
  int panels_above_ = 0;
  DesignParams<double> initial_{};
  TomographyVolume volume_;

  TomographyVolume volume_from_indices(std::vector<MaterialIndex> voxels) const;
  TomographyVolume generated_volume(const GeneratedVolume& generated) const;
};

}  // namespace detgrad::tomography
