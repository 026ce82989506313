#pragma once
// The hello-world tomography study (REFERENCES.md: TomOpt's "hello world") built in code.
#include <string>

#include "detgrad/study/study_config.hpp"

namespace detgrad::test {

inline StudyConfig hello_world_tomography(std::uint64_t muons) {
  StudyConfig s;
  s.name = "hello_world";
  s.muons = muons;
  s.volume.fill = "beryllium";
  s.volume.boxes = {{"lead", {0.5, 0.5, 0.4}, {1.0, 1.0, 0.5}}};
  s.source.plane = {1.0, {0.0, 1.0}, {0.0, 1.0}};
  s.source.cosmic.momentum_range_GeV = {0.5, 1000.0};
  s.transport.max_step_m = 1.0;
  TomographyConfig t;
  const double zs[8] = {1.00, 0.95, 0.90, 0.85, 0.20, 0.15, 0.10, 0.05};
  for (int i = 0; i < 8; ++i) {
    PanelConfig p;
    p.name = (i < 4 ? "above_" : "below_") + std::to_string(i % 4);
    p.z_m = zs[i];
    p.centre_m = {0.5, 0.5};
    p.span_m = {1.0, 1.0};
    p.sigma_m = 1e-4;
    p.efficiency = 0.9;
    p.centre_given = p.span_given = true;
    t.panels.push_back(p);
  }
  t.budget = 20.0;
  s.tomography = t;
  return s;
}

}  // namespace detgrad::test
