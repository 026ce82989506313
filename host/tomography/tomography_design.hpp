#pragma once
// The tomography task's design, described once (optimize/design_description.hpp): every
// panel (in transport order: decreasing z) is a record of seven fields in PanelField order
// (include/detgrad/tomography/panel_packing.hpp), named "<panel>.<field>":
//
//   field       unit  group             bounds
//   z_m         m     panel_z           above the volume: [top, top + 1 m]; below: [bottom - 1 m, bottom]
//   x_m, y_m    m     panel_xy          the volume's footprint widened by 1 m on every side
//   span_x_m,   m     panel_span        [1 cm, three footprints]
//   span_y_m
//   sigma_m     m     panel_sigma       [10 um, 1 cm]
//   efficiency  1     panel_efficiency  [0.01, 1]
//
// and the constraint beyond boxes: on each side of the volume the panels stay in decreasing
// z at least the study's min_panel_gap_m apart, the lowest at or above its side's lowest
// allowed height (TomographyOptimization::project).
#include "optimize/design_description.hpp"
#include "tomography/tomography_model.hpp"

namespace detgrad::tomography {

// Name, unit and group of each field of a panel, indexed by PanelField.
extern const optimize::RecordField kPanelTable[kPanelFields];

// The heights allowed to panel i (transport order).
optimize::Bounds panel_z_range(const TomographyModel& model, int panel);

optimize::DesignDescription tomography_design(const TomographyModel& model);

}  // namespace detgrad::tomography
