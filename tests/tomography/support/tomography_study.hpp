#pragma once
// The hello-world tomography study (docs/references.md: TomOpt's "hello world") built in code.
#include <string>

#include "detgrad/tomography/study_config.hpp"

namespace detgrad::test {

// A square panel of full width `span_m` centred at (x, x).
inline PanelConfig square_panel(const std::string& name, double z_m, double centre_m, double span_m, double sigma_m,
                                double efficiency) {
  PanelConfig p;
  p.name = name;
  p.z_m = z_m;
  p.centre_m = {centre_m, centre_m};
  p.span_m = {span_m, span_m};
  p.sigma_m = sigma_m;
  p.efficiency = efficiency;
  p.centre_given = p.span_given = true;
  return p;
}

inline TomographyStudyConfig hello_world_tomography(std::uint64_t muons) {
  TomographyStudyConfig s;
  s.name = "hello_world";
  s.muons = muons;
  s.volume.fill = "beryllium";
  s.volume.boxes = {{"lead", {0.5, 0.5, 0.4}, {1.0, 1.0, 0.5}}};
  s.source.plane = {1.0, {0.0, 1.0}, {0.0, 1.0}};
  s.source.cosmic.momentum_range_GeV = {0.5, 1000.0};
  s.transport.max_step_m = 1.0;
  TomographyConfig t;
  const double zs[8] = {1.00, 0.95, 0.90, 0.85, 0.20, 0.15, 0.10, 0.05};
  for (int i = 0; i < 8; ++i)
    t.panels.push_back(square_panel((i < 4 ? "above_" : "below_") + std::to_string(i % 4), zs[i], 0.5, 1.0, 1e-4, 0.9));
  t.budget = 20.0;
  s.tomography = t;
  return s;
}

}  // namespace detgrad::test
