#include "swgo/swgo_study.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "backend/ranks.hpp"
#include "detgrad/core/error.hpp"
#include "swgo/array_costs.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/evaluation.hpp"
#include "swgo/layout_json.hpp"
#include "swgo/ldf_file.hpp"
#include "swgo/swgo_event_outputs.hpp"
#include "swgo/swgo_json.hpp"
#include "swgo/swgo_optimization.hpp"

namespace detgrad::swgo {
namespace {

BatchSetup batch_setup(const SwgoConfig& c, const LdfTables<double>& tables, const Layout& layout) {
  BatchSetup b;
  b.tables = tables;
  b.source = study_shower_source(c, layout);
  b.array = {layout.x.data(), layout.y.data(), int(layout.size()), c.unit_area_m2(), c.tanks_per_unit()};
  b.time_errors = c.reference_time_errors ? TimeErrors::reference : TimeErrors::recorded;
  return b;
}

UtilityCoefficients coefficients(const SwgoConfig& c) {
  return {c.utility.gamma_fraction, c.utility.energy, c.utility.pointing};
}

// With a cost on (array_costs.hpp): the costs on a line of their own, the figure becomes
// -(U - C_area - C_cable), the loss the optimisation mode minimises.
void add_costs(const SwgoConfig& c, const Layout& l, double utility, double utility_error,
               tasks::EvaluationReport& r) {
  const ArrayCostCoefficients& k = c.utility.costs;
  if (!k.any()) return;
  const ArrayCosts costs = array_costs(l.x.data(), l.y.data(), int(l.size()), k);
  r.figure_name = "-(utility - costs)";
  r.figure = -utility + costs.total();
  char line[256];
  std::snprintf(line, sizeof line,
                "U - costs %.2f +- %.2f: C_area %.3f (hull %.4f km^2, threshold %.4f), C_cable %.3f (cable %.3f km, "
                "allowance %.3f)",
                utility - costs.total(), utility_error, costs.area, costs.hull_area_m2 / 1e6, k.area_threshold_km2,
                costs.cable, costs.cable_length_m / 1e3, double(l.size()) * k.cable_allowance_m / 1e3);
  r.lines.insert(r.lines.begin() + std::min<std::ptrdiff_t>(1, std::ptrdiff_t(r.lines.size())), line);
  r.json["costs"] = {{"C_area", costs.area},
                     {"C_cable", costs.cable},
                     {"hull_area_km2", costs.hull_area_m2 / 1e6},
                     {"cable_km", costs.cable_length_m / 1e3},
                     {"utility_minus_costs", utility - costs.total()}};
}

void write_showers_csv(const std::filesystem::path& file, const std::vector<ShowerResult<double>>& batch) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  std::ofstream out(file);
  out << "shower,primary,energy_PeV,theta,phi,x0,y0,trials,tanks_hit,expected_tanks_hit,trigger_probability,triggered";
  for (const char* h : {"gamma", "proton"}) {
    out << ',' << h << "_converged";
    for (const char* p : {"x0", "y0", "theta", "phi", "log_e"}) out << ',' << h << '_' << p;
    for (const char* p : {"x0", "y0", "theta", "phi", "log_e"}) out << ',' << h << "_sigma_" << p;
    out << ',' << h << "_log_likelihood";
  }
  out << ",test_statistic\n";
  out.precision(9);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& r = batch[i];
    out << i << ',' << (r.truth.primary == Primary::gamma ? "gamma" : "proton") << ',' << r.truth.energy_PeV << ','
        << r.truth.theta << ',' << r.truth.phi << ',' << r.truth.x0 << ',' << r.truth.y0 << ',' << r.truth.trials << ','
        << r.tanks_hit << ',' << r.expected_tanks_hit << ',' << r.trigger_probability << ',' << int(r.triggered);
    for (int h = 0; h < kPrimaries; ++h) {
      const auto& f = r.fit[h];
      const bool ok = r.triggered;
      out << ',' << int(ok && f.converged);
      for (int p = 0; p < P; ++p) out << ',' << (ok ? f.a[p] : NAN);
      for (int p = 0; p < P; ++p) out << ',' << (ok ? std::sqrt(f.cov[p][p]) : NAN);
      out << ',' << (ok ? f.log_likelihood : NAN);
    }
    out << ',' << (usable_for_separation(r) ? test_statistic(r) : NAN) << '\n';
  }
}

// Expected and recorded counts of every unit for the first `k` showers.
void write_units_csv(const std::filesystem::path& file, const BatchSetup& b, std::uint32_t step, std::uint64_t k) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  std::ofstream out(file);
  out << "shower,unit,x,y,expected_electrons,expected_muons,electrons,muons,tanks_hit\n";
  out.precision(9);
  for (std::uint64_t i = 0; i < k; ++i) {
    const Shower<double> s = b.source(step, i);
    const auto image = make_shower_image(b.tables, s.primary, s.energy_PeV, s.theta, s.phi, s.x0, s.y0, b.array.unit_area_m2);
    for (int u = 0; u < b.array.units; ++u) {
      const auto e = unit_expectation(image, b.array.x[u], b.array.y[u]);
      EventRandom rng(b.source.seed, step, RandomStream::detector, i * std::uint64_t(b.array.units) + std::uint64_t(u));
      const auto r = record_unit(e, image, b.array.tanks_per_unit, rng);
      out << i << ',' << u << ',' << b.array.x[u] << ',' << b.array.y[u] << ',' << e.lambda[0] << ',' << e.lambda[1]
          << ',' << r.count[0] << ',' << r.count[1] << ',' << r.tanks_hit << '\n';
    }
  }
}

class SwgoStudy : public tasks::TaskStudy {
 public:
  SwgoStudy(SwgoConfig c, Layout layout)
      : c_(std::move(c)), layout_(std::move(layout)), tables_(read_ldf_tables(ldf_folder(c_))) {}

  const CommonStudyConfig& common() const override { return c_.common; }
  std::string event_noun() const override { return "showers"; }
  nlohmann::json to_json() const override {
    nlohmann::json j;
    write_swgo_study(c_, j);
    return j;
  }
  void apply(const tasks::StudyOverrides& o) override {
    if (o.events) c_.showers = *o.events;
    if (o.save_events) c_.save_showers = *o.save_events;
    if (o.seed) c_.common.seed = *o.seed;
    if (o.backend) c_.common.backend = *o.backend;
    if ((o.optimization_defaults || o.steps) && !c_.common.optimization) c_.common.optimization = OptimizationConfig{};
    if (o.steps) c_.common.optimization->steps = *o.steps;
    if (c_.showers < 1) throw StudyError("swgo.showers", "expected at least 1 shower");
    validate_swgo(c_, layout_);
  }
  std::string describe() const override {
    char line[200];
    std::snprintf(line, sizeof line, "%zu %s, %llu showers%s", layout_.size(),
                  c_.unit == UnitKind::tank ? "tanks" : "macro-units of 19 tanks", (unsigned long long)c_.showers,
                  c_.optimization_errors == OptimizationErrors::fitted ? ", errors from fits (CPU)" : "");
    return line;
  }

  nlohmann::json simulate(const tasks::RunContext& run) const override {
    const BatchSetup b = batch_setup(c_, tables_, layout_);
    const auto batch = run_showers(b, 0, 0, c_.showers, "simulate");
    write_showers_csv(run.dir / "showers.csv", batch);
    write_units_csv(run.dir / "units.csv", b, 0, std::min<std::uint64_t>(c_.save_showers, c_.showers));
    std::uint64_t triggered = 0, converged = 0, trials = 0;
    for (const auto& r : batch) {
      triggered += r.triggered;
      converged += r.triggered && r.fit[int(r.truth.primary)].converged;
      trials += r.truth.trials;
    }
    if (run.log)
      run.log->info(std::to_string(c_.showers) + " showers, " + std::to_string(triggered) + " triggered, " +
                    std::to_string(converged) + " fitted (true hypothesis converged)");
    return {{"showers", c_.showers}, {"triggered", triggered}, {"converged", converged}, {"core_trials", trials},
            {"span_radius_m", b.source.span_radius_m}};
  }

  tasks::EvaluationReport evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                   std::optional<std::uint64_t> events, Backend) const override {
    const Layout l = layout.is_null() ? layout_ : read_layout(layout, layout_name);
    const BatchSetup b = batch_setup(c_, tables_, l);
    const auto templates = make_templates(run_showers(b, kTemplateStep, 0, c_.template_showers, "templates"));
    const auto batch = run_showers(b, kEvaluationStep, 0, events.value_or(c_.showers), "evaluate");
    const EvaluationResult e = evaluate_batch(batch, templates, b.source.span_radius_m, coefficients(c_));
    tasks::EvaluationReport r;
    r.figure_name = "-utility";
    r.figure = -e.utility;
    r.figure_error = e.utility_error;
    char line[256];
    std::snprintf(line, sizeof line, "utility %.2f +- %.2f: U_GF %.2f, U_IR %.2f, U_PR %.2f", e.utility, e.utility_error,
                  e.gamma_fraction_term, e.energy_term, e.pointing_term);
    r.lines.push_back(line);
    std::snprintf(line, sizeof line, "gamma fraction %.4f +- %.4f; %llu showers, %llu triggered, %llu fitted",
                  e.fraction, e.fraction_sigma, (unsigned long long)e.showers, (unsigned long long)e.triggered,
                  (unsigned long long)e.converged);
    r.lines.push_back(line);
    for (const auto& bin : e.resolution) {
      std::snprintf(line, sizeof line, "  E %.2f-%.2f PeV: %d gammas, sigma(ln E) %.3f, 68%% angle %.3f deg",
                    bin.energy_min_PeV, bin.energy_max_PeV, bin.showers, bin.energy_rms, bin.angle68_deg);
      r.lines.push_back(line);
    }
    r.json = e.to_json();
    add_costs(c_, l, e.utility, e.utility_error, r);
    return r;
  }

  std::uint64_t default_gradcheck_events() const override { return 200; }
  tasks::EventOutputs event_outputs(const std::vector<double>& x, const tasks::EventOutputOptions& o) const override {
    return swgo_event_outputs(c_, tables_, x, o);
  }
  std::vector<double> event_outputs_vjp(const std::vector<double>& x, const tasks::EventOutputOptions& o,
                                        const tasks::EventOutputs& cotangents) const override {
    return swgo_event_outputs_vjp(c_, tables_, x, o, cotangents);
  }

  tasks::GradientProblem gradient_problem(std::uint64_t events) const override {
    const auto task = std::make_shared<SwgoOptimization>(c_, tables_, layout_);
    const Layout source_layout = layout_;
    tasks::GradientProblem p;
    p.parameters = task->design().parameters;
    p.x = task->initial();
    SwgoOptimization::Loss l = task->loss(p.x, source_layout, 0, events, true);
    p.loss = l.loss;
    p.gradient = std::move(l.gradient);
    p.loss_at = [task, source_layout, events](const std::vector<double>& x) {
      return task->loss(x, source_layout, 0, events, false).loss;
    };
    // A unit at x = 0 or y = 0 is probed with steps relative to 1 m, not to its coordinate.
    p.value_scale.assign(p.x.size(), 1.0);
    return p;
  }
  std::unique_ptr<optimize::OptimizationProblem> optimization_problem(Backend backend) const override {
    return std::make_unique<SwgoOptimization>(c_, tables_, layout_, backend);
  }

 private:
  Layout read_layout(const nlohmann::json& j, const std::string& name) const {
    const Layout l = read_layout_json(j, name);
    validate_layout(c_, l, name);
    return l;
  }

  SwgoConfig c_;
  Layout layout_;
  LdfTables<double> tables_;
};

}  // namespace

tasks::TaskDefinition swgo_task_definition() {
  tasks::TaskDefinition d;
  d.name = "swgo";
  d.title = "SWGO array layout";
  d.keys = {"swgo"};
  d.section = "swgo";
  d.read = [](const nlohmann::json& json) -> std::unique_ptr<tasks::TaskStudy> {
    Layout layout;
    SwgoConfig config = read_swgo_study(json, &layout);
    return std::make_unique<SwgoStudy>(std::move(config), std::move(layout));
  };
  return d;
}

}  // namespace detgrad::swgo
