// MUonE's per-event outputs (include/detgrad/muone/event_model_outputs.hpp,
// muone_event_outputs.cpp): the outputs are the optimisation model's per-event predictions,
// and their VJP onto the modules and the target (through the side models' adjoint) matches
// central differences with common random numbers.
#include <gtest/gtest.h>

#include <cstdio>

#include "detgrad/muone/event_model_outputs.hpp"
#include "muone/muone_model.hpp"
#include "muone/muone_study_json.hpp"
#include "muone/side_model.hpp"
#include "support/event_outputs_check.hpp"

namespace detgrad::muone {
namespace {

TEST(MuoneEventOutputs, OutputsAreTheModelsPredictions) {
  const nlohmann::json json = test::repository_study("muone/default.json");
  const auto study = tasks::read_task_study(json);
  const std::vector<double> x = study->optimization_problem(Backend::cpu)->initial();
  tasks::EventOutputOptions options;
  options.events = 300;
  options.step = 1;
  const tasks::EventOutputs out = study->event_outputs(x, options);
  ASSERT_EQ(out.names.size(), std::size_t(kEventOutputs));
  const MuoneModel model(read_muone_study(json));
  ModelDesign<double> d{};
  d.station = model.unflatten(x);
  ASSERT_TRUE(fill_side_models(model.setup().fixed, d));
  int binned = 0;
  for (std::uint64_t e = 0; e < 300; ++e) {
    const EventTruth<double> t = generate_truth<double>(model.setup(), 1, e);
    const EventModel<double> m = model_event(model.setup(), d, t);
    EXPECT_EQ(out.columns[kOutBin][e], double(t.bin));
    EXPECT_EQ(out.columns[kOutWeight][e], m.weight);
    EXPECT_EQ(out.columns[kOutRelVarQ2][e], m.rel_var);
    binned += t.bin >= 0;
  }
  EXPECT_GT(binned, 100);
}

TEST(MuoneEventOutputs, VjpMatchesCentralDifferences) {
  const auto study = tasks::read_task_study(test::repository_study("muone/default.json"));
  tasks::EventOutputOptions options;
  options.events = 2000;
  options.step = 4;
  const test::VjpCheck c = test::check_event_outputs_vjp(
      *study, options, {"bin", "q2_GeV2", "theta_e_rad", "theta_mu_rad", "depth_fraction"}, 3);
  EXPECT_EQ(c.columns, 9u);
  ASSERT_GT(c.largest, 0.0);
  int judged = 0;
  for (std::size_t i = 0; i < c.vjp.size(); ++i) {
    std::printf("%-20s vjp %+.8e  fd %+.8e\n", c.names[i].c_str(), c.vjp[i], c.fd[i]);
    EXPECT_LE(std::abs(c.vjp[i] - c.fd[i]), 1e-6 * c.largest + 1e-4 * std::abs(c.fd[i])) << c.names[i];
    judged += std::abs(c.fd[i]) > 1e-3 * c.largest;
  }
  EXPECT_GE(judged, 10);  // the resolutions and z dominate; offsets are judged by the absolute term
}

}  // namespace
}  // namespace detgrad::muone
