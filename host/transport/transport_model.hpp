#pragma once
// The host side of transport: the study's materials, voxel grid, planes and source turned
// into the arrays and plain structs that the per-muon code reads (TransportSetup). Owns
// the host arrays; the CUDA executor mirrors them on the device.
#include <cstdint>
#include <string>
#include <vector>

#include "detgrad/physics/material.hpp"
#include "detgrad/physics/range_table.hpp"
#include "detgrad/study/study_config.hpp"
#include "detgrad/transport/transport_setup.hpp"

namespace detgrad {

class TransportModel {
 public:
  explicit TransportModel(const StudyConfig& study);  // the study must be validated and resolved

  // Setup over this object's host arrays, for the given optimisation step.
  TransportSetup host_setup(std::uint32_t step = 0) const;

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
  MaterialIndex index_of(const std::string& name, const std::string& json_path);

  StudyConfig study_;
  std::vector<Material> materials_;
  std::vector<MaterialConstants> constants_;
  std::vector<MaterialIndex> voxel_materials_;
  std::vector<std::string> plane_names_;
  RangeTables ranges_;
  TransportSetup base_{};
};

}  // namespace detgrad
