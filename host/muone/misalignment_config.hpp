#pragma once
// The study's `muone.misalignment` section (the true geometry apart from the nominal one,
// for simulate) and `muone.alignment` (the settings of detgrad align): reading, validation,
// JSON, and the true alignment it gives (explicit values plus Gaussian draws of stated
// widths, keyed by a seed).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detgrad/muone/alignment_geometry.hpp"
#include "muone/station_config.hpp"
#include "study/json_reader.hpp"

namespace detgrad::muone {

// Seven module parameters and three target parameters, in the order of ModuleParameter
// (du, dz, rot_z, tilt_u, tilt_v, bow, dv) and TargetParameter (dz, tilt_x, tilt_y).
struct AlignmentValues {
  double module[7] = {0, 0, 0, 0, 0, 0, 0};
  double target[3] = {0, 0, 0};
};

struct ModuleMisalignment {
  std::string name;
  AlignmentValues values;  // only module[] is used
};

struct MisalignmentConfig {
  bool present = false;
  std::uint64_t seed = 0;
  AlignmentValues widths;                   // rms of the Gaussian draws (0: none)
  std::vector<ModuleMisalignment> modules;  // explicit values, added to the draws
  double target[3] = {0, 0, 0};             // explicit target values
  double beam_muons_per_event = 1.0;        // through-going muons recorded per elastic event
};

// Prior widths (mounting tolerances) of the alignment fit, per kind of parameter; 0: no prior.
struct AlignmentFitConfig {
  int iterations = 4;
  AlignmentValues prior;
  // Elastic events whose electron has less momentum than this, by its fitted angle, are left
  // out of the fit (GeV; 0: none). docs/muone.md: the downstream bows' bias comes from the
  // electrons below 5 GeV.
  double min_electron_GeV = 0.0;
  AlignmentFitConfig() {
    prior.module[kDz] = 2e-4;
    prior.module[kTiltU] = 1e-3;
    prior.module[kTiltV] = 1e-3;
    prior.module[kBow] = 1e-4;
    prior.target[kTargetTiltX] = 1e-3;
    prior.target[kTargetTiltY] = 1e-3;
  }
};

extern const char* const kModuleParameterKeys[7];  // "du_m", "dz_m", ...
extern const char* const kTargetParameterKeys[3];  // "dz_m", "tilt_x_rad", "tilt_y_rad"

MisalignmentConfig read_misalignment(const study_detail::JsonValue& value);
AlignmentFitConfig read_alignment_fit(const study_detail::JsonValue& value);
void validate_misalignment(const MisalignmentConfig& m, const StationConfig& station);
void validate_alignment_fit(const AlignmentFitConfig& a);
nlohmann::json misalignment_json(const MisalignmentConfig& m);
nlohmann::json alignment_fit_json(const AlignmentFitConfig& a);

// The true alignment of every module of the station and of its target.
StationAlignment<double> true_alignment(const MisalignmentConfig& m, const StationConfig& station);

}  // namespace detgrad::muone
