// The study's muone.misalignment and muone.alignment sections: a study with both reads back
// as written, the true alignment is the explicit values plus draws of the stated widths
// (reproducible from the seed), and every bad input is a StudyError with its JSON path.
#include "muone/misalignment_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "detgrad/core/error.hpp"
#include "muone/muone_json.hpp"
#include "muone/muone_study_json.hpp"

namespace detgrad::muone {
namespace {

using Json = nlohmann::json;

Json study_with_misalignment() {
  Json s = {{"task", "muone"}, {"name", "m"}, {"seed", 1}, {"events", 1000}};
  Json section = station_json(reference_station());
  section["misalignment"] = {{"seed", 3},
                             {"widths", {{"du_m", 2e-5}, {"rot_z_rad", 1e-4}, {"target_tilt_rad", 2e-4}}},
                             {"modules", {{{"name", "out_u"}, {"du_m", 5e-5}, {"bow_m", 1e-5}}}},
                             {"target", {{"dz_m", 1e-4}}},
                             {"beam_muons_per_event", 2}};
  section["alignment"] = {{"iterations", 3}, {"prior", {{"tilt_u_rad", 5e-4}}}, {"min_electron_GeV", 5.0}};
  s["muone"] = section;
  return s;
}

void expect_error(const Json& study, const std::string& path, const std::string& fragment) {
  try {
    read_muone_study(study);
    ADD_FAILURE() << "no error, expected one at " << path;
  } catch (const StudyError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(MisalignmentConfig, RoundTripAndTrueAlignment) {
  const MuoneStudyConfig s = read_muone_study(study_with_misalignment());
  EXPECT_TRUE(s.misalignment.present);
  EXPECT_EQ(s.alignment.iterations, 3);
  EXPECT_EQ(s.alignment.prior.module[kTiltU], 5e-4);
  EXPECT_EQ(s.alignment.prior.module[kTiltV], 1e-3);  // default
  EXPECT_EQ(s.alignment.min_electron_GeV, 5.0);
  const MuoneStudyConfig again = read_muone_study(muone_study_json(s));
  EXPECT_EQ(muone_study_json(again), muone_study_json(s));

  const StationAlignment<double> a = true_alignment(s.misalignment, s.station);
  const StationAlignment<double> b = true_alignment(again.misalignment, again.station);
  double sum2 = 0;
  for (int m = 0; m < 12; ++m) {
    EXPECT_EQ(a.module[m].du, b.module[m].du);
    EXPECT_EQ(a.module[m].dz, 0.0);  // no width, no explicit value
    if (m != 8) sum2 += a.module[m].du * a.module[m].du;
  }
  // out_u (module 8): its draw plus 5e-5; its bow exactly the explicit value.
  EXPECT_EQ(a.module[8].bow, 1e-5);
  EXPECT_GT(a.module[8].du, 5e-5 - 5 * 2e-5);
  const double rms = std::sqrt(sum2 / 11);
  EXPECT_GT(rms, 0.3 * 2e-5);
  EXPECT_LT(rms, 2.0 * 2e-5);
  EXPECT_NE(a.target.tilt_x, 0.0);
  EXPECT_NEAR(a.target.dz, 1e-4, 1e-15);
}

TEST(MisalignmentConfig, BadInputNamesThePath) {
  Json s = study_with_misalignment();
  s["muone"]["misalignment"]["modules"][0]["name"] = "out_w";
  expect_error(s, "muone.misalignment.modules[0].name", "unknown module");
  s = study_with_misalignment();
  s["muone"]["misalignment"]["widths"]["dz_m"] = -1e-5;
  expect_error(s, "muone.misalignment.widths.dz_m", "");
  s = study_with_misalignment();
  s["muone"]["misalignment"]["modules"][0]["tilt_v_rad"] = 0.05;
  expect_error(s, "muone.misalignment.modules[0].tilt_v_rad", "at most");
  s = study_with_misalignment();
  s["muone"]["misalignment"]["target"]["dz_m"] = 0.01;
  expect_error(s, "muone.misalignment.target.dz_m", "at most");
  s = study_with_misalignment();
  s["muone"]["misalignment"]["widths"]["du"] = 1e-5;
  expect_error(s, "muone.misalignment.widths.du", "");
  s = study_with_misalignment();
  s["muone"]["misalignment"]["beam_muons_per_event"] = 1000;
  expect_error(s, "muone.misalignment.beam_muons_per_event", "0 to 100");
  s = study_with_misalignment();
  s["muone"]["alignment"]["iterations"] = 0;
  expect_error(s, "muone.alignment.iterations", "1 to 20");
  s = study_with_misalignment();
  s["muone"]["alignment"]["prior"]["bow_m"] = -1;
  expect_error(s, "muone.alignment.prior.bow_m", "");
  s = study_with_misalignment();
  s["muone"]["alignment"]["min_electron_GeV"] = -1;
  expect_error(s, "muone.alignment.min_electron_GeV", "");
  s = study_with_misalignment();
  s["muone"]["alignment"]["prior"]["dv_m"] = 1e-5;  // dv is not fitted: no prior for it
  expect_error(s, "muone.alignment.prior.dv_m", "");
  s = study_with_misalignment();
  s["muone"]["misalignment"]["modules"].push_back({{"name", "out_u"}});
  expect_error(s, "muone.misalignment.modules[1].name", "twice");
}

}  // namespace
}  // namespace detgrad::muone
