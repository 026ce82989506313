#pragma once
// Pieces of validate_study shared between its files.
#include <string>
#include <vector>

#include "detgrad/study/study_config.hpp"

namespace detgrad::study_detail {

double volume_bottom_m(const VolumeConfig& volume);
double volume_top_m(const VolumeConfig& volume);

// Fails unless `name` is a standard or custom material; the message lists the known ones.
void require_material(const std::string& path, const std::string& name,
                      const std::vector<CustomMaterialConfig>& materials);

void validate_source(const SourceConfig& source, const VolumeConfig& volume, const std::vector<PlaneConfig>& planes);

}  // namespace detgrad::study_detail
