#include "commands.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <cstdio>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "backend/backend.hpp"
#include "cli/plots.hpp"
#include "cli/study_loading.hpp"
#include "detgrad/core/error.hpp"
#include "optimize/gradient_check.hpp"
#include "optimize/optimize_run.hpp"

namespace py = pybind11;

namespace detgrad::python {
namespace {

namespace fs = std::filesystem;

// What the run directory's log says about the command that made it.
CliOptions command_line(const std::string& command, const StudyHandle& study) {
  CliOptions o;
  o.command = command;
  o.study_path = study.source();
  return o;
}

// The signal handlers of SIGINT, SIGTERM and SIGUSR1 as they were (Python's), put back when
// the optimisation loop, which installs its own stop flag, returns or throws.
class SignalHandlersKept {
 public:
  SignalHandlersKept() {
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], nullptr, &saved_[i]);
  }
  ~SignalHandlersKept() {
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &saved_[i], nullptr);
  }
  SignalHandlersKept(const SignalHandlersKept&) = delete;
  SignalHandlersKept& operator=(const SignalHandlersKept&) = delete;

 private:
  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGUSR1};
  struct sigaction saved_[3];
};

nlohmann::json evaluation_json(const tasks::EvaluationReport& r) {
  return {{"figure_name", r.figure_name}, {"figure", r.figure}, {"figure_error", r.figure_error},
          {"lines", r.lines}, {"evaluation", r.json}};
}

}  // namespace

nlohmann::json validate_study(const StudyHandle& study) {
  const tasks::TaskStudy& s = study.study();
  return {{"study", study.source()}, {"name", s.common().name}, {"task", s.common().task},
          {"description", s.describe()}, {"resolved", s.to_json()}};
}

nlohmann::json simulate_study(const StudyHandle& handle, const std::string& out, const Overrides& overrides) {
  const auto study = handle.read(overrides);
  const BackendChoice choice = choose_backend(study->common().backend);
  nlohmann::json summary;
  {
    py::gil_scoped_release release;
    study->prepare(choice.backend);  // may still reject the study, before anything is written
    const fs::path dir(out);
    const std::unique_ptr<RunLog> log = open_run_directory(dir, command_line("simulate", handle), *study, choice.reason);
    write_json_file(dir / "study.json", study->to_json());
    const auto start = std::chrono::steady_clock::now();
    const tasks::RunContext run{choice.backend, dir, log.get()};
    const nlohmann::json task_summary = study->simulate(run);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary = {{"study", study->common().name}, {"task", study->common().task}, {"seed", study->common().seed},
               {"backend", backend_name(choice.backend)}, {"backend_detail", choice.reason}};
    summary.update(task_summary);
    summary["wall_seconds"] = seconds;
    write_json_file(dir / "summary.json", summary);
    log->info("done in " + std::to_string(seconds) + " s; outputs in " + dir.string());
  }
  return summary;
}

tasks::EventTable event_table_of(const StudyHandle& handle, std::optional<std::uint64_t> events,
                                 const Overrides& overrides) {
  if (!events || *events == 0) throw std::invalid_argument("events must be given, at least 1");
  Overrides o = overrides;
  o.events = events;  // the study's event count: the table has one row per event
  const auto study = handle.read(o);
  const BackendChoice choice = choose_backend(study->common().backend);
  const std::uint64_t n = *events;
  py::gil_scoped_release release;
  study->prepare(choice.backend);
  return study->event_table(n, choice.backend);
}

nlohmann::json evaluate_study(const StudyHandle& handle, const nlohmann::json& layout, const std::string& layout_name,
                              std::optional<std::uint64_t> events, const Overrides& overrides) {
  if (events && *events == 0) throw std::invalid_argument("events must be at least 1");
  Overrides o = overrides;
  o.events.reset();  // the evaluation's event count, not the study's
  const auto study = handle.read(o);
  const BackendChoice choice = choose_backend(study->common().backend);
  py::gil_scoped_release release;
  return evaluation_json(study->evaluate(layout, layout_name, events, choice.backend));
}

nlohmann::json gradcheck_study(const StudyHandle& handle, std::optional<std::uint64_t> events,
                               const Overrides& overrides, double tolerance) {
  if (events && *events == 0) throw std::invalid_argument("events must be at least 1");
  if (!(tolerance > 0.0) || !std::isfinite(tolerance)) throw std::invalid_argument("tolerance must be > 0");
  Overrides o = overrides;
  o.events.reset();  // the check's event count
  const auto study = handle.read(o);
  const std::uint64_t n = events ? *events : study->default_gradcheck_events();
  optimize::GradientCheck check;
  {
    py::gil_scoped_release release;
    check = optimize::check_gradient(study->gradient_problem(n), tolerance);
  }
  // The JSON of `detgrad gradcheck --json`.
  nlohmann::json j;
  j["study"] = handle.source();
  j["task"] = study->common().task;
  j["events"] = n;
  j["seed"] = study->common().seed;
  j.update(optimize::gradient_check_json(check));
  return j;
}

nlohmann::json optimize_study(const StudyHandle& handle, const std::string& out, bool resume, bool plots,
                              const Overrides& overrides) {
  Overrides o = overrides;
  o.optimization_defaults = true;
  const auto study = handle.read(o);
  const BackendChoice choice = choose_backend(study->common().backend);
  const std::unique_ptr<optimize::OptimizationProblem> task = study->optimization_problem(choice.backend);
  optimize::OptimizeRunOptions options;
  options.dir = out;
  options.resume = resume;
  options.event_noun = study->event_noun();
  options.steps = o.steps;
  if (!resume && fs::exists(options.dir / "checkpoint.json")) {
    throw StudyError(options.dir.string(), "holds a run already: resume it with resume=True, or choose another out");
  }
  const OptimizationConfig config = study->common().optimization.value_or(OptimizationConfig{});
  // A Ctrl-C that came while the study was read and the task built ends the call here: the
  // loop's own stop flag is installed only when the loop starts.
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  nlohmann::json result;
  {
    py::gil_scoped_release release;
    const std::unique_ptr<RunLog> log = open_run_directory(options.dir, command_line("optimize", handle), *study,
                                                           choice.reason);
    optimize::OptimizeRunResult r;
    {
      const SignalHandlersKept kept;
      r = optimize::run_optimization(study->to_json(), config, *task, options, *log);
    }
    result = {{"out", options.dir.string()}, {"steps_done", r.steps_done}, {"interrupted", r.interrupted},
              {"first_loss", r.first_loss}, {"last_loss", r.last_loss}, {"design", r.final_design}};
    if (!r.interrupted) {
      log->info("done: " + std::to_string(r.steps_done) + " steps; loss " + std::to_string(r.first_loss) + " -> " +
                std::to_string(r.last_loss));
      const nlohmann::json final_layout = task->layout(r.final_design);
      result["layout"] = final_layout;
      // The initial and the final layout in evaluation mode on the same events, as the CLI does.
      const std::uint64_t events = config.evaluation_events.value_or(10 * config.events_per_step);
      const tasks::RunContext run{choice.backend, options.dir, log.get()};
      if (events > 0) {
        const tasks::EvaluationReport initial = study->evaluate(nullptr, "the initial layout", events, choice.backend);
        const tasks::EvaluationReport final_ = study->evaluate(final_layout, "layout_final.json", events, choice.backend);
        result["evaluation"] = {{"initial", initial.json}, {"final", final_.json}};
        write_json_file(options.dir / "evaluation.json", result["evaluation"]);
      } else {
        result["evaluation"] = nullptr;
      }
      study->after_optimization(run, final_layout);
      if (plots) make_plots(options.dir, *log);
      log->info("outputs in " + options.dir.string());
    }
  }
  if (result["interrupted"].get<bool>()) {
    PyErr_SetString(PyExc_KeyboardInterrupt, ("optimisation interrupted after step " +
                                              std::to_string(result["steps_done"].get<unsigned>()) + "; checkpoint in " +
                                              options.dir.string() + ", continue with resume=True")
                                                 .c_str());
    throw py::error_already_set();
  }
  return result;
}

nlohmann::json scan_study(const StudyHandle& handle, const std::vector<ScanAxis>& axes, const std::string& out,
                          std::optional<std::uint64_t> events, bool plots, const Overrides& overrides) {
  if (axes.empty() || axes.size() > 2) throw std::invalid_argument("a scan has one or two parameters");
  if (events && *events == 0) throw std::invalid_argument("events must be at least 1");
  Overrides o = overrides;
  o.events.reset();  // each point's event count
  const auto study = handle.read(o);
  const BackendChoice choice = choose_backend(study->common().backend);
  const std::unique_ptr<optimize::OptimizationProblem> task = study->optimization_problem(choice.backend);
  const std::vector<optimize::ParameterSpec> specs = task->design().parameters;
  std::vector<std::size_t> index;
  for (const ScanAxis& a : axes) {
    std::size_t i = 0;
    while (i < specs.size() && specs[i].name != a.name) ++i;
    if (i == specs.size()) throw std::invalid_argument("\"" + a.name + "\" is not a design parameter of this study");
    if (a.points < 1 || a.points > 1000) throw std::invalid_argument(a.name + ": points must be from 1 to 1000");
    for (double v : {a.start, a.stop})
      if (!std::isfinite(v) || v < specs[i].lower || v > specs[i].upper)
        throw std::invalid_argument(a.name + ": " + std::to_string(v) + " " + specs[i].unit +
                                    " is outside the parameter's bounds [" + std::to_string(specs[i].lower) + ", " +
                                    std::to_string(specs[i].upper) + "]");
    index.push_back(i);
  }
  if (index.size() == 2 && index[0] == index[1]) throw std::invalid_argument("the two scanned parameters are the same");
  const auto at = [](const ScanAxis& a, int i) {
    return a.points == 1 ? a.start : a.start + (a.stop - a.start) * double(i) / double(a.points - 1);
  };

  nlohmann::json scan;
  {
    py::gil_scoped_release release;
    const fs::path dir(out);
    const std::unique_ptr<RunLog> log = open_run_directory(dir, command_line("scan", handle), *study, choice.reason);
    write_json_file(dir / "study.json", study->to_json());
    nlohmann::json points = nlohmann::json::array();
    std::string figure_name;
    std::string csv;
    const std::vector<double> initial = task->initial();
    const int n0 = axes[0].points, n1 = axes.size() > 1 ? axes[1].points : 1;
    for (int i = 0; i < n0; ++i) {
      for (int j = 0; j < n1; ++j) {
        std::vector<double> x = initial;
        x[index[0]] = at(axes[0], i);
        if (axes.size() > 1) x[index[1]] = at(axes[1], j);
        const tasks::EvaluationReport r = study->evaluate(task->layout(x), "the scanned layout", events, choice.backend);
        if (points.empty()) {
          figure_name = r.figure_name;
          csv = axes[0].name + (axes.size() > 1 ? "," + axes[1].name : "") + ",figure,figure_error\n";
        }
        char row[256];
        if (axes.size() > 1)
          std::snprintf(row, sizeof row, "%.10g,%.10g,%.10g,%.10g\n", x[index[0]], x[index[1]], r.figure, r.figure_error);
        else
          std::snprintf(row, sizeof row, "%.10g,%.10g,%.10g\n", x[index[0]], r.figure, r.figure_error);
        csv += row;
        nlohmann::json point = {{"figure", r.figure}, {"figure_error", r.figure_error}, {"evaluation", r.json}};
        for (std::size_t a = 0; a < axes.size(); ++a) point[axes[a].name] = x[index[a]];
        points.push_back(point);
        log->info("scan point " + std::to_string(points.size()) + "/" + std::to_string(n0 * n1) + ": " + r.figure_name +
                  " " + std::to_string(r.figure) + " +- " + std::to_string(r.figure_error));
      }
    }
    {
      std::ofstream file(dir / "scan.csv");
      file << csv;
      if (!file) throw std::runtime_error("cannot write " + (dir / "scan.csv").string());
    }
    nlohmann::json axes_json = nlohmann::json::array();
    for (std::size_t a = 0; a < axes.size(); ++a) {
      axes_json.push_back({{"name", axes[a].name}, {"unit", specs[index[a]].unit}, {"start", axes[a].start},
                           {"stop", axes[a].stop}, {"points", axes[a].points}});
    }
    scan = {{"task", study->common().task}, {"figure_name", figure_name}, {"axes", axes_json}, {"points", points}};
    write_json_file(dir / "scan.json", scan);
    if (plots) make_plots(dir, *log);
    log->info("outputs in " + dir.string());
  }
  return scan;
}

}  // namespace detgrad::python
