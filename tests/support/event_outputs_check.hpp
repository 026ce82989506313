#pragma once
// A task's per-event outputs against central finite differences (TaskStudy::event_outputs,
// event_outputs_vjp): a random cotangent on every column that depends on the design, scaled
// by the column's root mean square, and the derivative of sum(w * output) along every design
// parameter from central differences with common random numbers (same seed, step and
// reference, in double) against the VJP's entry. Steps: 1e-6 max(|x|, 1e-3); a resolution
// ("...sigma_m", ~1e-4 m or less) 1e-3 of its value, since steps of 1e-9 m drown in the
// rounding of the sums. Also reads a study file of the repository.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "study/json_file.hpp"
#include "tasks/task.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::test {

// configs/<relative> of the source tree, as JSON.
inline nlohmann::json repository_study(const std::string& relative) {
  const char* root = std::getenv("DETGRAD_SOURCE_DIR");
  return study_detail::read_json_file((std::filesystem::path(root ? root : ".") / "configs" / relative).string(),
                                      "study file");
}

struct VjpCheck {
  std::vector<std::string> names;  // the design parameters
  std::vector<double> vjp, fd;
  double largest = 0.0;            // max |fd|
  std::size_t columns = 0;         // columns with a cotangent
};

inline double weighted_sum(const tasks::EventOutputs& out, const tasks::EventOutputs& w) {
  double sum = 0.0;
  for (std::size_t k = 0; k < w.names.size(); ++k) {
    std::size_t c = 0;
    while (out.names[c] != w.names[k]) ++c;
    for (std::size_t i = 0; i < w.columns[k].size(); ++i) sum += w.columns[k][i] * out.columns[c][i];
  }
  return sum;
}

inline VjpCheck check_event_outputs_vjp(const tasks::TaskStudy& study, const tasks::EventOutputOptions& options,
                                        const std::set<std::string>& constant, unsigned seed) {
  VjpCheck check;
  for (const optimize::ParameterSpec& p : study.design().parameters) check.names.push_back(p.name);
  const std::vector<double> x0 = study.optimization_problem(Backend::cpu)->initial();
  const tasks::EventOutputs base = study.event_outputs(x0, options);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  tasks::EventOutputs w;
  for (std::size_t c = 0; c < base.names.size(); ++c) {
    if (constant.count(base.names[c])) continue;
    double square = 0.0;
    for (double v : base.columns[c]) square += v * v;
    const double rms = std::sqrt(square / double(base.columns[c].size()));
    if (!(rms > 0.0)) continue;
    w.names.push_back(base.names[c]);
    w.widths.push_back(base.widths[c]);
    std::vector<double> column(base.columns[c].size());
    for (double& v : column) v = normal(rng) / rms;
    w.columns.push_back(std::move(column));
  }
  check.columns = w.names.size();
  check.vjp = study.event_outputs_vjp(x0, options, w);
  check.fd.resize(x0.size());
  for (std::size_t i = 0; i < x0.size(); ++i) {
    const std::string& n = check.names[i];
    const bool resolution = n.size() > 8 && n.compare(n.size() - 8, 8, ".sigma_m") == 0;
    const double h = resolution ? 1e-3 * std::abs(x0[i]) : 1e-6 * std::max(std::abs(x0[i]), 1e-3);
    std::vector<double> up = x0, down = x0;
    up[i] += h;
    down[i] -= h;
    check.fd[i] = (weighted_sum(study.event_outputs(up, options), w) - weighted_sum(study.event_outputs(down, options), w)) /
                  (2 * h);
    check.largest = std::max(check.largest, std::abs(check.fd[i]));
  }
  return check;
}

}  // namespace detgrad::test
