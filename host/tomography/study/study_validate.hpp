#pragma once
// Pieces of validate_study shared between its files.
#include <string>
#include <vector>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad::study_detail {

double volume_bottom_m(const VolumeConfig& volume);
double volume_top_m(const VolumeConfig& volume);

// Fails unless `name` is a standard or custom material; the message lists the known ones.
void require_material(const std::string& path, const std::string& name,
                      const std::vector<CustomMaterialConfig>& materials);

// `planes` are the transport planes (transport_planes), found at `planes_path` in the JSON
// ("planes", or "tomography.panels" for a tomography study's panels).
void validate_source(const SourceConfig& source, const VolumeConfig& volume, const std::vector<PlaneConfig>& planes,
                     const std::string& planes_path);

}  // namespace detgrad::study_detail
