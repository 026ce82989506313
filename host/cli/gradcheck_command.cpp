// detgrad gradcheck: the adjoint gradient of every design parameter against central
// finite differences (double precision, CPU, common random numbers). Exits with 1 when a
// parameter is beyond tolerance.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "detgrad/core/error.hpp"
#include "detgrad/study/study_json.hpp"
#include "tomography/gradient_check.hpp"

namespace detgrad {

int run_gradcheck(const CliOptions& o) {
  StudyConfig study = load_study_file(o.study_path);
  if (!study.tomography) throw StudyError("tomography", "gradcheck needs a study with a tomography section");
  if (o.seed) study.seed = *o.seed;
  const std::uint64_t muons = o.muons ? *o.muons : 4000;
  const tomography::TomographyModel model(study);
  const tomography::GradientCheck check = tomography::check_gradient(model, model.initial_design(), muons);

  std::printf("gradient check of %s: %llu muons, seed %llu, double precision, loss %.10g\n", o.study_path.c_str(),
              (unsigned long long)muons, (unsigned long long)study.seed, check.loss);
  std::printf("%-28s %17s %17s %10s\n", "parameter", "adjoint", "finite diff.", "rel. diff.");
  for (const tomography::ParameterCheck& p : check.parameters) {
    std::printf("%-28s %+17.9e %+17.9e %10.2e %s\n", p.name.c_str(), p.adjoint, p.finite_difference,
                p.relative_error, p.negligible ? "negligible" : (p.passed ? "ok" : "FAIL"));
  }
  const int failed = int(std::count_if(check.parameters.begin(), check.parameters.end(),
                                       [](const tomography::ParameterCheck& p) { return !p.passed; }));
  std::printf("%d of %zu parameters beyond the relative tolerance %.0e\n", failed, check.parameters.size(),
              check.tolerance);
  if (o.json_path) {
    nlohmann::json j;
    j["study"] = o.study_path;
    j["muons"] = muons;
    j["seed"] = study.seed;
    j["loss"] = check.loss;
    j["tolerance"] = check.tolerance;
    j["passed"] = check.passed();
    for (const tomography::ParameterCheck& p : check.parameters) {
      j["parameters"].push_back({{"name", p.name}, {"value", p.value}, {"step", p.step}, {"adjoint", p.adjoint},
                                 {"finite_difference", p.finite_difference}, {"relative_error", p.relative_error},
                                 {"negligible", p.negligible}, {"passed", p.passed}});
    }
    std::ofstream out(*o.json_path);
    out << j.dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write " + *o.json_path);
  }
  return check.passed() ? 0 : 1;
}

}  // namespace detgrad
