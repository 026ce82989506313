#pragma once
// Device copies of a TransportModel's arrays, and the TransportSetup that points at them.
#include "backend/cuda_runtime.hpp"
#include "tomography/transport/transport_model.hpp"

namespace detgrad {

class DeviceTransportModel {
 public:
  explicit DeviceTransportModel(const TransportModel& model);
  TransportSetup setup(std::uint32_t step) const;

 private:
  TransportSetup host_;
  DeviceArray<MaterialConstants> constants_;
  DeviceArray<MaterialIndex> voxel_materials_;
  DeviceArray<float> log_range_, log_kinetic_, log_range_min_, inv_dlog_range_;
};

}  // namespace detgrad
