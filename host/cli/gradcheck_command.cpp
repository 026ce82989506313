// detgrad gradcheck: the adjoint gradient of every design parameter against central
// finite differences (double precision, CPU, common random numbers). Exits with 1 when a
// parameter is beyond tolerance.
#include <algorithm>
#include <cstdio>

#include "backend/ranks.hpp"
#include "cli/commands.hpp"
#include "cli/study_loading.hpp"
#include "optimize/gradient_check.hpp"

namespace detgrad {

namespace {

void print_check(const std::string& path, const tasks::TaskStudy& study, std::uint64_t events,
                 const optimize::GradientCheck& check) {
  std::printf("gradient check of %s (%s): %llu %s, seed %llu, double precision, loss %.10g\n", path.c_str(),
              study.common().task.c_str(), (unsigned long long)events, study.event_noun().c_str(),
              (unsigned long long)study.common().seed, check.loss);
  std::printf("%-28s %17s %17s %10s\n", "parameter", "adjoint", "finite diff.", "rel. diff.");
  for (const optimize::ParameterCheck& p : check.parameters) {
    std::printf("%-28s %+17.9e %+17.9e %10.2e %s\n", p.name.c_str(), p.adjoint, p.finite_difference,
                p.relative_error,
                p.negligible                                         ? "negligible"
                : !p.passed                                          ? "FAIL"
                : p.relative_error > check.tolerance && p.within_rounding ? "ok (within the difference's rounding)"
                                                                     : "ok");
  }
  const int failed = int(std::count_if(check.parameters.begin(), check.parameters.end(),
                                       [](const optimize::ParameterCheck& p) { return !p.passed; }));
  std::printf("%d of %zu parameters beyond the relative tolerance %.0e\n", failed, check.parameters.size(),
              check.tolerance);
}

}  // namespace

int run_gradcheck(const CliOptions& o) {
  CliOptions without_events = o;  // --events is the check's event count
  without_events.events.reset();
  const auto study = load_study_with_overrides(without_events);
  const std::uint64_t events = o.events ? *o.events : study->default_gradcheck_events();
  const optimize::GradientCheck check = optimize::check_gradient(study->gradient_problem(events));

  if (ranks::is_root()) print_check(o.study_path, *study, events, check);
  if (o.json_path) {
    nlohmann::json j;
    j["study"] = o.study_path;
    j["task"] = study->common().task;
    j["events"] = events;
    j["seed"] = study->common().seed;
    j.update(optimize::gradient_check_json(check));
    write_json_file(*o.json_path, j);
  }
  return check.passed() ? 0 : 1;
}

}  // namespace detgrad
