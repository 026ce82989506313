#include "detgrad/tomography/transport_planes.hpp"

namespace detgrad {

std::vector<PlaneConfig> transport_planes(const TomographyStudyConfig& study) {
  if (!study.tomography) return study.planes;
  std::vector<PlaneConfig> planes;
  planes.reserve(study.tomography->panels.size());
  for (const PanelConfig& panel : study.tomography->panels) planes.push_back({panel.name, panel.z_m});
  return planes;
}

}  // namespace detgrad
