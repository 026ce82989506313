// detgrad scan: the figure of merit (evaluation mode) over a grid of one or two design
// parameters, every other parameter at the study's design: a discrete scan of layouts, and
// a look at the loss landscape. Writes scan.csv, scan.json, the resolved study, a log and
// (with python3-matplotlib) plots/scan.png.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backend/backend.hpp"
#include "backend/ranks.hpp"
#include "cli/commands.hpp"
#include "cli/plots.hpp"
#include "cli/study_loading.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad {

namespace {

struct ScanAxis {
  std::string name;
  std::size_t index = 0;  // into the task's parameters
  double start = 0, stop = 0;
  int points = 0;
  double at(int i) const { return points == 1 ? start : start + (stop - start) * double(i) / double(points - 1); }
};

ScanAxis parse_axis(const std::string& text, const std::vector<optimize::ParameterSpec>& specs) {
  const auto fail = [&](const std::string& why) {
    throw UsageError("--param " + text + ": " + why + " (expected NAME=START:STOP:N)");
  };
  const auto equals = text.find('=');
  if (equals == std::string::npos) fail("no '='");
  ScanAxis axis;
  axis.name = text.substr(0, equals);
  std::string known;
  bool found = false;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == axis.name) {
      axis.index = i;
      found = true;
    }
    if (i < 12) known += (known.empty() ? "" : ", ") + specs[i].name;
  }
  if (!found) fail("\"" + axis.name + "\" is not a design parameter of this study (they are: " + known + (specs.size() > 12 ? ", ..." : "") + ")");
  const std::string range = text.substr(equals + 1);
  char* end = nullptr;
  const char* p = range.c_str();
  axis.start = std::strtod(p, &end);
  if (end == p || *end != ':') fail("bad START");
  p = end + 1;
  axis.stop = std::strtod(p, &end);
  if (end == p || *end != ':') fail("bad STOP");
  p = end + 1;
  const long points = std::strtol(p, &end, 10);
  if (end == p || *end != '\0' || points < 1 || points > 1000) fail("N must be a whole number from 1 to 1000");
  if (!std::isfinite(axis.start) || !std::isfinite(axis.stop)) fail("START and STOP must be finite");
  axis.points = int(points);
  const optimize::ParameterSpec& s = specs[axis.index];
  for (double v : {axis.start, axis.stop}) {
    if (v < s.lower || v > s.upper) {
      fail(std::to_string(v) + " " + s.unit + " is outside the parameter's bounds [" + std::to_string(s.lower) + ", " +
           std::to_string(s.upper) + "]");
    }
  }
  return axis;
}

}  // namespace

int run_scan(const CliOptions& o) {
  CliOptions without_events = o;  // --events is each point's event count
  without_events.events.reset();
  const auto study = load_study_with_overrides(without_events);
  const BackendChoice choice = choose_backend(study->common().backend);
  const std::unique_ptr<optimize::OptimizationProblem> task = study->optimization_problem(choice.backend);
  const std::vector<optimize::ParameterSpec> specs = task->design().parameters;
  std::vector<ScanAxis> axes;
  for (const std::string& text : o.scan_params) axes.push_back(parse_axis(text, specs));
  if (axes.size() == 2 && axes[0].index == axes[1].index) throw UsageError("--param: the two parameters are the same");

  const std::filesystem::path dir(*o.out_dir);
  const std::unique_ptr<RunLog> log_file = open_run_directory(dir, o, *study, choice.reason);
  RunLog& log = *log_file;
  write_json_file(dir / "study.json", study->to_json());

  std::ostringstream csv;  // written by rank 0 at the end
  std::string figure_name;
  nlohmann::json points = nlohmann::json::array();
  const std::vector<double> initial = task->initial();
  const int n0 = axes[0].points, n1 = axes.size() > 1 ? axes[1].points : 1;
  for (int i = 0; i < n0; ++i) {
    for (int j = 0; j < n1; ++j) {
      std::vector<double> x = initial;
      x[axes[0].index] = axes[0].at(i);
      if (axes.size() > 1) x[axes[1].index] = axes[1].at(j);
      const tasks::EvaluationReport r = study->evaluate(task->layout(x), "the scanned layout", o.events, choice.backend);
      if (points.empty()) {
        figure_name = r.figure_name;
        csv << axes[0].name;
        if (axes.size() > 1) csv << ',' << axes[1].name;
        csv << ",figure,figure_error\n";
      }
      char row[256];
      if (axes.size() > 1) {
        std::snprintf(row, sizeof row, "%.10g,%.10g,%.10g,%.10g\n", x[axes[0].index], x[axes[1].index], r.figure, r.figure_error);
      } else {
        std::snprintf(row, sizeof row, "%.10g,%.10g,%.10g\n", x[axes[0].index], r.figure, r.figure_error);
      }
      csv << row;
      nlohmann::json point = {{"figure", r.figure}, {"figure_error", r.figure_error}, {"evaluation", r.json}};
      point[axes[0].name] = x[axes[0].index];
      if (axes.size() > 1) point[axes[1].name] = x[axes[1].index];
      points.push_back(point);
      log.info("scan point " + std::to_string(points.size()) + "/" + std::to_string(n0 * n1) + ": " +
               r.figure_name + " " + std::to_string(r.figure) + " +- " + std::to_string(r.figure_error));
    }
  }
  if (ranks::is_root()) {
    std::ofstream file(dir / "scan.csv");
    file << csv.str();
    if (!file) throw std::runtime_error("cannot write " + (dir / "scan.csv").string());
  }
  nlohmann::json axes_json = nlohmann::json::array();
  for (const ScanAxis& a : axes) {
    axes_json.push_back({{"name", a.name}, {"unit", specs[a.index].unit}, {"start", a.start}, {"stop", a.stop},
                         {"points", a.points}});
  }
  write_json_file(dir / "scan.json", {{"task", study->common().task}, {"figure_name", figure_name}, {"axes", axes_json},
                                      {"points", points}});
  make_plots(dir, log);
  log.info("outputs in " + dir.string());
  return 0;
}

}  // namespace detgrad
