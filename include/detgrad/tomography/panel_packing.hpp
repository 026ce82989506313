#pragma once
// A panel's seven design parameters as fields of one record: their order in every flat view
// of a tomography design (the design vector, the CPU and GPU adjoint rows, history.csv's
// columns) and the accessor that maps a field to its member of PanelParams. Names, units,
// groups and bounds: host/tomography/tomography_design.hpp.
#include "detgrad/core/record_packing.hpp"
#include "detgrad/tomography/panel_response.hpp"

namespace detgrad::tomography {

enum PanelField : int {
  kPanelZ,
  kPanelX,
  kPanelY,
  kPanelSpanX,
  kPanelSpanY,
  kPanelSigma,
  kPanelEfficiency,
  kPanelFields  // the number of fields
};

using PanelPacking = RecordPacking<kPanelFields>;

template <typename T>
DETGRAD_HDI T& panel_field(PanelParams<T>& p, int field) {
  switch (field) {
    case kPanelZ: return p.z;
    case kPanelX: return p.x;
    case kPanelY: return p.y;
    case kPanelSpanX: return p.span_x;
    case kPanelSpanY: return p.span_y;
    case kPanelSigma: return p.sigma;
    default: return p.efficiency;
  }
}

template <typename T>
DETGRAD_HDI const T& panel_field(const PanelParams<T>& p, int field) {
  return panel_field(const_cast<PanelParams<T>&>(p), field);
}

}  // namespace detgrad::tomography
