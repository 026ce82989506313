#pragma once
// The disc that shower cores are drawn in, from a layout (docs/swgo.md): centre the units'
// mean position, radius R_span = <r> + 2 rms(r) + R_slack with r the units' distances from
// the centre and rms(r) their standard deviation.
#include <vector>

#include "detgrad/swgo/shower_source.hpp"
#include "swgo/swgo_config.hpp"

namespace detgrad::swgo {

struct CoreDisc {
  double centre_x = 0.0, centre_y = 0.0;
  double mean_r = 0.0, rms_r = 0.0, max_r = 0.0;
  double span_radius = 0.0;
};

CoreDisc core_disc(const std::vector<double>& x, const std::vector<double>& y, double slack_radius_m = kCoreSlack_m);

// A source over the layout (x, y): pointers into x and y, which must outlive the source.
ShowerSource<double> make_shower_source(std::uint64_t seed, const std::vector<double>& x, const std::vector<double>& y,
                                        double slack_radius_m = kCoreSlack_m);

// The study's source over `layout` (its seed, core slack, gamma fraction, energies and
// spectrum): pointers into the layout, which must outlive the source.
ShowerSource<double> study_shower_source(const SwgoConfig& study, const Layout& layout);

}  // namespace detgrad::swgo
