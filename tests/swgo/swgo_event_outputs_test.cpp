// SWGO's per-event outputs (include/detgrad/swgo/unit_counts.hpp, swgo_event_outputs.cpp):
// the shapes of the per-unit columns, and the VJP onto every unit's x and y against central
// differences with common random numbers (the showers' core disc held at the study's layout).
#include <gtest/gtest.h>

#include <cstdio>

#include "detgrad/swgo/unit_counts.hpp"
#include "support/event_outputs_check.hpp"

namespace detgrad::swgo {
namespace {

std::unique_ptr<tasks::TaskStudy> small_swgo_study() {
  nlohmann::json study = test::repository_study("swgo/default.json");
  study["swgo"]["layout"] = {{"generator", {{"shape", "hexagonal"}, {"units", 61}, {"spacing_m", 15.0},
                                            {"centre_m", {500.0, 300.0}}}}};
  study["swgo"]["showers"] = 100;
  study["swgo"]["template_showers"] = 100;
  return tasks::read_task_study(study);
}

TEST(SwgoEventOutputs, ColumnsPerShowerAndUnit) {
  const auto study = small_swgo_study();
  tasks::EventOutputOptions options;
  options.events = 30;
  const tasks::EventOutputs out = study->event_outputs(study->optimization_problem(Backend::cpu)->initial(), options);
  ASSERT_EQ(out.names.size(), std::size_t(kShowerOutputs + kUnitOutputs));
  for (std::size_t c = 0; c < out.names.size(); ++c) EXPECT_EQ(out.columns[c].size(), 30 * out.widths[c]) << out.names[c];
  EXPECT_EQ(out.widths[kShowerOutputs + kOutExpectedMuons], 61u);
  for (double v : out.columns[kShowerOutputs + kOutExpectedEm]) EXPECT_GT(v, 0.0);
  for (double v : out.columns[kOutTrigger]) EXPECT_TRUE(v >= 0.0 && v <= 1.0);
}

TEST(SwgoEventOutputs, VjpMatchesCentralDifferences) {
  const auto study = small_swgo_study();
  tasks::EventOutputOptions options;
  options.events = 40;
  options.step = 2;
  options.reference = study->optimization_problem(Backend::cpu)->initial();
  const test::VjpCheck c = test::check_event_outputs_vjp(
      *study, options, {"primary", "core_x_m", "core_y_m", "theta_rad", "phi_rad", "energy_PeV"}, 5);
  EXPECT_EQ(c.columns, 5u);
  ASSERT_EQ(c.vjp.size(), 122u);
  ASSERT_GT(c.largest, 0.0);
  int judged = 0;
  for (std::size_t i = 0; i < c.vjp.size(); ++i) {
    EXPECT_LE(std::abs(c.vjp[i] - c.fd[i]), 1e-6 * c.largest + 1e-4 * std::abs(c.fd[i])) << c.names[i];
    judged += std::abs(c.fd[i]) > 1e-3 * c.largest;
  }
  std::printf("%d of %zu entries above 1e-3 of the largest (%.6e)\n", judged, c.vjp.size(), c.largest);
  EXPECT_GE(judged, 100);
}

}  // namespace
}  // namespace detgrad::swgo
