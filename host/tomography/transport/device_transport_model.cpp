#include "tomography/transport/device_transport_model.hpp"

namespace detgrad {

DeviceTransportModel::DeviceTransportModel(const TransportModel& model)
    : host_(model.host_setup()),
      constants_(model.material_constants()),
      voxel_materials_(model.voxel_materials()),
      log_range_(model.range_tables().log_range()),
      log_kinetic_(model.range_tables().log_kinetic()),
      log_range_min_(model.range_tables().log_range_min()),
      inv_dlog_range_(model.range_tables().inv_dlog_range()) {}

TransportSetup DeviceTransportModel::setup(std::uint32_t step) const {
  TransportSetup s = host_;
  s.grid.material = voxel_materials_.get();
  s.materials = constants_.get();
  s.range.log_range = log_range_.get();
  s.range.log_kinetic = log_kinetic_.get();
  s.range.log_range_min = log_range_min_.get();
  s.range.inv_dlog_range = inv_dlog_range_.get();
  s.step = step;
  return s;
}

}  // namespace detgrad
