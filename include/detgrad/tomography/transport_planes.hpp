#pragma once
// The detector planes that transport records crossings at (host only).
#include <vector>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad {

// The study's tomography panels as planes ({name, z_m}, in the panels' order) when it has a
// tomography section, otherwise its top-level planes. A valid study never has both.
std::vector<PlaneConfig> transport_planes(const TomographyStudyConfig& study);

}  // namespace detgrad
