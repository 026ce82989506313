#pragma once
// The host side of transport: the study's materials, voxel grid, planes and source turned
// into the arrays and plain structs that the per-muon code reads (TransportSetup). Owns
// the host arrays; the CUDA executor mirrors them on the device.
#include <cstdint>
#include <string>
#include <vector>

#include "detgrad/physics/material.hpp"
#include "detgrad/physics/range_table.hpp"
#include "detgrad/tomography/study_config.hpp"
#include "detgrad/tomography/transport/transport_setup.hpp"

namespace detgrad {

class TransportModel {
 public:
  // The study must be validated and resolved. `extra_materials` adds materials that other
  // volumes on the same grid will use (training volumes), so that their tables exist.
  explicit TransportModel(const TomographyStudyConfig& study, const std::vector<std::string>& extra_materials = {});

  // Setup over this object's host arrays, for the given optimisation step; `voxels` (one
  // material index per voxel) replaces the study's volume when given.
  TransportSetup host_setup(std::uint32_t step = 0, const MaterialIndex* voxels = nullptr) const;
  // Material indices of a volume given per voxel by material names (x fastest).
  std::vector<MaterialIndex> voxel_indices(const std::vector<std::string>& names, const std::string& json_path) const;

  const std::vector<Material>& materials() const { return materials_; }
  const std::vector<MaterialConstants>& material_constants() const { return constants_; }
  const std::vector<MaterialIndex>& voxel_materials() const { return voxel_materials_; }
  const RangeTables& range_tables() const { return ranges_; }
  // Plane names in transport order (decreasing z).
  const std::vector<std::string>& plane_names() const { return plane_names_; }
  double generation_area_m2() const;
  // Seconds of real exposure that `muons` generated cosmic muons correspond to (0 for a beam).
  double exposure_seconds(double muons) const;

 private:
  MaterialIndex index_of(const std::string& name, const std::string& json_path) const;

  TomographyStudyConfig study_;
  std::vector<Material> materials_;
  std::vector<MaterialConstants> constants_;
  std::vector<MaterialIndex> voxel_materials_;
  std::vector<std::string> plane_names_;
  RangeTables ranges_;
  TransportSetup base_{};
};

}  // namespace detgrad
