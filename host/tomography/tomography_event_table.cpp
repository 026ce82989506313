// TomographyStudy::event_table: the columns of muons.csv (output/muon_csv.cpp) for the study's
// first muons, transported as simulate transports them (same seed, step 0), without a file.
#include <cmath>
#include <limits>

#include "tomography/tomography_study.hpp"
#include "transport/transport_model.hpp"
#include "transport/transport_run.hpp"

namespace detgrad::tomography {

tasks::EventTable TomographyStudy::event_table(std::uint64_t events, Backend backend) const {
  const TransportModel model(study_);
  tasks::EventTable table;
  table.names = {"event", "charge", "momentum_GeV", "cos_zenith", "azimuth_rad", "x_gen_m", "y_gen_m",
                 "entered_volume", "stopped", "left_through_side", "reached_bottom", "lost",
                 "entry_x_m", "entry_y_m", "entry_z_m", "entry_dir_x", "entry_dir_y", "entry_dir_z",
                 "exit_x_m", "exit_y_m", "exit_z_m", "exit_dir_x", "exit_dir_y", "exit_dir_z",
                 "exit_momentum_GeV", "path_in_volume_m"};
  for (const std::string& plane : model.plane_names())
    for (const char* what : {"_x_m", "_y_m", "_slope_x", "_slope_y"}) table.names.push_back(plane + what);
  table.columns.assign(table.names.size(), std::vector<double>());
  for (std::vector<double>& c : table.columns) c.reserve(events);

  TransportRunOptions options;
  options.muons = events;
  options.tracks_to_keep = events;
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  run_transport(model, backend, options, [&](std::uint64_t first, const MuonTrack<float>* tracks, std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) {
      const MuonTrack<float>& t = tracks[i];
      const bool entered = (t.flags & kEnteredVolume) != 0;
      const auto inside = [&](double v) { return entered ? v : none; };
      std::size_t c = 0;
      for (double v : {double(first + i), double(t.charge), double(t.momentum_GeV), double(t.cos_zenith),
                       double(t.azimuth_rad), double(t.x_gen_m), double(t.y_gen_m)})
        table.columns[c++].push_back(v);
      for (std::uint32_t flag : {kEnteredVolume, kStopped, kLeftThroughSide, kReachedBottom, kLost})
        table.columns[c++].push_back((t.flags & flag) ? 1.0 : 0.0);
      for (const Vec3<float>& v : {t.entry_m, t.entry_direction, t.exit_m, t.exit_direction}) {
        table.columns[c++].push_back(inside(v.x));
        table.columns[c++].push_back(inside(v.y));
        table.columns[c++].push_back(inside(v.z));
      }
      table.columns[c++].push_back(inside(t.exit_momentum_GeV));
      table.columns[c++].push_back(inside(t.path_in_volume_m));
      for (std::size_t p = 0; p < model.plane_names().size(); ++p) {
        const bool crossed = int(p) < t.planes_crossed;
        table.columns[c++].push_back(crossed ? double(t.planes[p].x_m) : none);
        table.columns[c++].push_back(crossed ? double(t.planes[p].y_m) : none);
        table.columns[c++].push_back(crossed ? double(t.planes[p].slope_x) : none);
        table.columns[c++].push_back(crossed ? double(t.planes[p].slope_y) : none);
      }
    }
  });
  return table;
}

}  // namespace detgrad::tomography
