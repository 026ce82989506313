#pragma once
// A cosmic-muon study of the hello-world geometry with four detector planes, built in code.
#include "detgrad/tomography/study_config.hpp"

namespace detgrad::test {

inline TomographyStudyConfig cosmic_planes_study() {
  TomographyStudyConfig s;
  s.volume.fill = "beryllium";
  s.volume.boxes = {{"lead", {0.5, 0.5, 0.4}, {1.0, 1.0, 0.5}}};
  s.planes = {{"a0", 1.0}, {"a1", 0.95}, {"b0", 0.2}, {"b1", 0.05}};
  s.source.plane = {1.0, {0.0, 1.0}, {0.0, 1.0}};
  return s;
}

}  // namespace detgrad::test
