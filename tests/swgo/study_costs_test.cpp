// The array costs in the SWGO study: the optimisation loss is -U + C_area + C_cable with the
// costs' gradient added, the generic gradient check (`detgrad gradcheck`) passes with both
// costs on, and the evaluation mode reports them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "optimize/gradient_check.hpp"
#include "swgo/array_costs.hpp"
#include "swgo/swgo_json.hpp"
#include "swgo/swgo_optimization.hpp"
#include "swgo/swgo_tables.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::swgo {
namespace {

// 19 macro-units 30 m apart (rings: a centre unit, 6 at 30 m, 12 at 60 m, a hull of 0.0108
// km^2; or hexagonal), the thresholds lowered so that both costs are on: 0.005 km^2, 20 m of
// cable per unit (380 m against about 900 m), the station off the units.
nlohmann::json study(double area_cost, double cable_cost, const char* shape = "rings") {
  nlohmann::json j = nlohmann::json::parse(R"({
    "task": "swgo", "name": "costs", "seed": 5,
    "swgo": {
      "layout": {"generator": {"shape": "rings", "units": 19, "spacing_m": 30}},
      "core_slack_m": 150, "showers": 40, "template_showers": 20,
      "utility": {"area_threshold_km2": 0.005, "cable_allowance_m": 20, "station_xy_m": [13, -7]}
    }})");
  j["swgo"]["utility"]["area_cost"] = area_cost;
  j["swgo"]["utility"]["cable_cost"] = cable_cost;
  j["swgo"]["layout"]["generator"]["shape"] = shape;
  return j;
}

TEST(SwgoCosts, LossAndGradientAddTheCosts) {
  const SwgoConfig on = read_swgo_study(study(6e4, 400.0));
  const SwgoConfig off = read_swgo_study(study(0.0, 0.0));
  const Layout l = resolve_layout(on);
  const SwgoOptimization with(on, test::swgo_tables(), l), without(off, test::swgo_tables(), l);
  const std::vector<double> x = with.initial();
  const auto a = with.loss(x, l, 0, 60, true);
  const auto b = without.loss(x, l, 0, 60, true);
  const ArrayCosts c = array_costs(l.x.data(), l.y.data(), int(l.size()), on.utility.costs);
  EXPECT_NEAR(c.hull_area_m2, 0.5 * 12 * 3600 * std::sin(2 * 3.14159265358979323846 / 12), 1e-6);
  ASSERT_GT(c.area, 0.0);
  ASSERT_GT(c.cable, 0.0);
  EXPECT_DOUBLE_EQ(a.loss, b.loss + c.total());
  EXPECT_DOUBLE_EQ(b.loss, -b.utility.utility);
  std::vector<double> dx(l.size(), 0.0), dy(l.size(), 0.0);
  array_costs_adjoint(l.x.data(), l.y.data(), int(l.size()), on.utility.costs, 1.0, dx.data(), dy.data());
  ASSERT_EQ(a.gradient.size(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    EXPECT_NEAR(a.gradient[i], b.gradient[i] + (i % 2 ? dy[i / 2] : dx[i / 2]), 1e-12 * (1 + std::abs(a.gradient[i])))
        << i;
  // evaluate(): the loss, its gradient, and the costs among the terms.
  const auto e = with.evaluate(x, 0, 60);
  EXPECT_DOUBLE_EQ(e.loss, a.loss);
  EXPECT_EQ(e.gradient, a.gradient);
  bool area = false, cable = false;
  for (const auto& t : e.terms) {
    if (t.first == "C_area") area = t.second == c.area;
    if (t.first == "C_cable") cable = t.second == c.cable;
  }
  EXPECT_TRUE(area && cable);
  for (const auto& t : without.evaluate(x, 0, 60).terms) EXPECT_NE(t.first, "C_area");
}

// Rings: a hull of 12 vertices, no unit on an edge. Hexagonal: a hexagon of side 60 m with a
// unit in the middle of each edge, where the area has a kink (the adjoint gives the mean of
// the one-sided derivatives, as the check's central differences do). The coefficients keep
// every coordinate's gradient above 0.01: where the utility's and the costs' parts nearly
// cancel, the relative check judges the utility's own finite-difference error (about 8e-7
// here, there without the costs as well) against a tiny total.
class SwgoCostsGradient : public ::testing::TestWithParam<const char*> {};

TEST_P(SwgoCostsGradient, CheckPassesWithBothCosts) {
  const auto s = tasks::read_task_study(study(6e4, 400.0, GetParam()));
  const optimize::GradientProblem p = s->gradient_problem(60);
  const optimize::GradientCheck check = optimize::check_gradient(p);
  // The costs carry a fair share of the gradient: it is checked, not swamped by the utility's.
  const optimize::GradientProblem q = tasks::read_task_study(study(0.0, 0.0, GetParam()))->gradient_problem(60);
  double norm_all = 0.0, norm_costs = 0.0;
  for (std::size_t i = 0; i < p.gradient.size(); ++i) {
    norm_all += p.gradient[i] * p.gradient[i];
    norm_costs += (p.gradient[i] - q.gradient[i]) * (p.gradient[i] - q.gradient[i]);
  }
  int judged = 0;
  double worst = 0.0;
  for (const auto& c : check.parameters) {
    if (c.negligible) continue;
    ++judged;
    worst = std::max(worst, c.relative_error);
    EXPECT_TRUE(c.passed) << c.name << ": adjoint " << c.adjoint << ", fd " << c.finite_difference;
  }
  std::printf("%s: loss %.6g (without costs %.6g); |gradient of the costs| / |gradient| %.3f; %d of %zu judged, "
              "worst %.2e\n",
              GetParam(), p.loss, q.loss, std::sqrt(norm_costs / norm_all), judged, check.parameters.size(), worst);
  EXPECT_TRUE(check.passed());
  EXPECT_GT(std::sqrt(norm_costs / norm_all), 0.2);
  EXPECT_GE(judged, 30);
}

INSTANTIATE_TEST_SUITE_P(Layouts, SwgoCostsGradient, ::testing::Values("rings", "hexagonal"));

TEST(SwgoCosts, EvaluationReportsTheCosts) {
  const auto s = tasks::read_task_study(study(6e4, 400.0));
  const tasks::EvaluationReport r = s->evaluate(nullptr, "", 20, Backend::cpu);
  EXPECT_EQ(r.figure_name, "-(utility - costs)");
  ASSERT_TRUE(r.json.contains("costs"));
  const double costs = r.json["costs"]["C_area"].get<double>() + r.json["costs"]["C_cable"].get<double>();
  EXPECT_GT(costs, 0.0);
  EXPECT_NEAR(r.figure, -r.json["costs"]["utility_minus_costs"].get<double>(), 1e-12 * (1 + std::abs(r.figure)));
  bool line = false;
  for (const auto& l : r.lines) line = line || l.find("C_area") != std::string::npos;
  EXPECT_TRUE(line);
  const tasks::EvaluationReport plain = tasks::read_task_study(study(0.0, 0.0))->evaluate(nullptr, "", 20, Backend::cpu);
  EXPECT_EQ(plain.figure_name, "-utility");
  EXPECT_FALSE(plain.json.contains("costs"));
  EXPECT_NEAR(r.figure, plain.figure + costs, 1e-9 * (1 + std::abs(r.figure)));
}

}  // namespace
}  // namespace detgrad::swgo
