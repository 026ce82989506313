#pragma once
// A task that exists only in the tests, to show (and keep showing) that a task plugs into
// the engine through the registry alone: "line", straight tracks x(z) = x0 + t z measured by
// two planes at heights z_m[0] < z_m[1] with resolution sigma_m; the slope is estimated from
// the two hits, t_hat = (m1 - m0) / (z1 - z0), so its error is (n1 - n0) / (z1 - z0) with the
// planes' noise n. Loss: the mean squared slope error plus a cost on the lever arm,
// cost_per_m2 (z1 - z0)^2; in expectation 2 sigma^2 / d^2 + c d^2, least at
// d = (2 sigma^2 / c)^(1/4). The design is the two heights (group "plane_z").
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include "detgrad/core/error.hpp"
#include "detgrad/core/random.hpp"
#include "study/common_json.hpp"
#include "study/json_reader.hpp"
#include "tasks/task.hpp"

namespace detgrad::test {

struct LineConfig {
  CommonStudyConfig common;
  double z_m[2] = {0.0, 0.1};
  double sigma_m = 0.001;
  double cost_per_m2 = 1e-3;
  std::uint64_t tracks = 2000;
};

// Per track: the noise difference n1 - n0 (independent of the design), from the task stream.
inline double noise_difference(const LineConfig& c, std::uint32_t step, std::uint64_t track) {
  EventRandom random(c.common.seed, step, RandomStream::task, track);
  double n0 = 0, n1 = 0;
  random.normal_pair(n0, n1);
  return c.sigma_m * (n1 - n0);
}

struct LineLoss {
  double loss = 0, slope_mse = 0, cost = 0;
  double gradient[2] = {0, 0};
};

// Forward and adjoint: L = mean(e^2) / d^2 + c d^2 with e = n1 - n0, d = z1 - z0;
// dL/dd = -2 mean(e^2) / d^3 + 2 c d; dL/dz1 = dL/dd, dL/dz0 = -dL/dd.
inline LineLoss line_loss(const LineConfig& c, const double z[2], std::uint32_t step, std::uint64_t tracks) {
  double sum = 0;
  for (std::uint64_t i = 0; i < tracks; ++i) {
    const double e = noise_difference(c, step, i);
    sum += e * e;
  }
  const double mean = sum / double(tracks), d = z[1] - z[0];
  LineLoss r;
  r.slope_mse = mean / (d * d);
  r.cost = c.cost_per_m2 * d * d;
  r.loss = r.slope_mse + r.cost;
  const double d_d = -2.0 * mean / (d * d * d) + 2.0 * c.cost_per_m2 * d;
  r.gradient[0] = -d_d;
  r.gradient[1] = d_d;
  return r;
}

class LineOptimization : public optimize::OptimizationProblem {
 public:
  explicit LineOptimization(LineConfig c) : c_(c) {}
  optimize::DesignDescription design() const override {
    optimize::DesignDescription d;
    d.parameters = {{"plane_z[0]", "m", "plane_z", -1.0, 1.0}, {"plane_z[1]", "m", "plane_z", -1.0, 1.0}};
    d.groups = {{"plane_z", 0.01}};
    d.constraints = {{"ordered_with_gaps", {0, 1}, {{"gap_m", 0.01}}, "plane_z[1] at least gap_m above plane_z[0]"}};
    return d;
  }
  std::vector<double> initial() const override { return {c_.z_m[0], c_.z_m[1]}; }
  optimize::StepEvaluation evaluate(const std::vector<double>& x, std::uint32_t step,
                                    std::uint64_t events) const override {
    const LineLoss r = line_loss(c_, x.data(), step, events);
    return {r.loss, {{"slope_mse", r.slope_mse}, {"cost", r.cost}}, {r.gradient[0], r.gradient[1]}};
  }
  std::string project(std::vector<double>& x) const override {
    x[1] = std::max(x[1], x[0] + 0.01);
    return {};
  }
  nlohmann::json layout(const std::vector<double>& x) const override { return {{"z_m", {x[0], x[1]}}}; }
  std::vector<double> read_layout(const nlohmann::json& layout, const std::string& name) const override {
    try {
      return {layout.at("z_m").at(0).get<double>(), layout.at("z_m").at(1).get<double>()};
    } catch (const nlohmann::json::exception& e) {
      throw StudyError(name, std::string("not a line layout: ") + e.what());
    }
  }

 private:
  LineConfig c_;
};

class LineStudy : public tasks::TaskStudy {
 public:
  explicit LineStudy(LineConfig c) : c_(c) { validate(); }
  const CommonStudyConfig& common() const override { return c_.common; }
  std::string event_noun() const override { return "tracks"; }
  nlohmann::json to_json() const override {
    nlohmann::json j;
    study_detail::write_common(c_.common, j);
    j["line"] = {{"z_m", {c_.z_m[0], c_.z_m[1]}}, {"sigma_m", c_.sigma_m}, {"cost_per_m2", c_.cost_per_m2},
                 {"tracks", c_.tracks}};
    return j;
  }
  void apply(const tasks::StudyOverrides& o) override {
    if (o.events) c_.tracks = *o.events;
    if (o.seed) c_.common.seed = *o.seed;
    if (o.backend) c_.common.backend = *o.backend;
    if ((o.optimization_defaults || o.steps) && !c_.common.optimization) c_.common.optimization = OptimizationConfig{};
    if (o.steps) c_.common.optimization->steps = *o.steps;
    validate();
  }
  std::string describe() const override { return std::to_string(c_.tracks) + " tracks, two planes"; }
  nlohmann::json simulate(const tasks::RunContext& run) const override {
    std::ofstream csv(run.dir / "tracks.csv");
    csv << "track,slope_error\n";
    const double d = c_.z_m[1] - c_.z_m[0];
    for (std::uint64_t i = 0; i < c_.tracks; ++i) csv << i << ',' << noise_difference(c_, 0, i) / d << '\n';
    const LineLoss r = line_loss(c_, c_.z_m, 0, c_.tracks);
    return {{"tracks", c_.tracks}, {"loss", r.loss}, {"slope_mse", r.slope_mse}};
  }
  tasks::EvaluationReport evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                   std::optional<std::uint64_t> events, Backend) const override {
    double z[2] = {c_.z_m[0], c_.z_m[1]};
    if (!layout.is_null()) {
      if (!layout.contains("z_m") || !layout["z_m"].is_array() || layout["z_m"].size() != 2)
        throw StudyError(layout_name, "expected {\"z_m\": [z0, z1]}");
      z[0] = layout["z_m"][0].get<double>();
      z[1] = layout["z_m"][1].get<double>();
    }
    const LineLoss r = line_loss(c_, z, 1000000, events.value_or(c_.tracks));
    tasks::EvaluationReport report;
    report.figure_name = "slope MSE";
    report.figure = r.slope_mse;
    report.figure_error = r.slope_mse * std::sqrt(2.0 / double(events.value_or(c_.tracks)));
    report.lines = {"slope MSE " + std::to_string(r.slope_mse)};
    report.json = {{"slope_mse", r.slope_mse}, {"cost", r.cost}};
    return report;
  }
  std::uint64_t default_gradcheck_events() const override { return 500; }
  tasks::GradientProblem gradient_problem(std::uint64_t events) const override {
    const LineConfig c = c_;
    const LineLoss r = line_loss(c, c.z_m, 0, events);
    tasks::GradientProblem p;
    p.parameters = LineOptimization(c).design().parameters;
    p.x = {c.z_m[0], c.z_m[1]};
    p.loss = r.loss;
    p.gradient = {r.gradient[0], r.gradient[1]};
    p.loss_at = [c, events](const std::vector<double>& x) { return line_loss(c, x.data(), 0, events).loss; };
    return p;
  }
  std::unique_ptr<optimize::OptimizationProblem> optimization_problem(Backend) const override {
    return std::make_unique<LineOptimization>(c_);
  }

 private:
  void validate() const {
    study_detail::validate_common(c_.common);
    if (!(c_.z_m[1] > c_.z_m[0])) throw StudyError("line.z_m", "expected z_m[0] < z_m[1]");
    if (!(c_.sigma_m > 0)) throw StudyError("line.sigma_m", "expected a resolution > 0 m");
    if (c_.tracks < 1) throw StudyError("line.tracks", "expected at least 1 track");
  }
  LineConfig c_;
};

inline tasks::TaskDefinition line_task_definition() {
  tasks::TaskDefinition d;
  d.name = "line";
  d.title = "two-plane straight-line fit (test task)";
  d.keys = {"line"};
  d.section = "line";
  d.read = [](const nlohmann::json& json) -> std::unique_ptr<tasks::TaskStudy> {
    using namespace study_detail;
    const JsonObject top(json, "", with_common_keys({"line"}));
    LineConfig c;
    c.common = read_common(top, "line");
    const JsonObject line = top.required("line").object({"z_m", "sigma_m", "cost_per_m2", "tracks"});
    std::array<double, 2> z{c.z_m[0], c.z_m[1]};
    line.get("z_m", z);
    c.z_m[0] = z[0];
    c.z_m[1] = z[1];
    line.get("sigma_m", c.sigma_m);
    line.get("cost_per_m2", c.cost_per_m2);
    line.get("tracks", c.tracks);
    return std::make_unique<LineStudy>(c);
  };
  return d;
}

}  // namespace detgrad::test
