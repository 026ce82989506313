// Every task's layout files, read and written once (OptimizationProblem::layout and
// read_layout): the layout a design writes, through its JSON text, reads back to the same
// design bit for bit; another task's layout and a layout with a value changed in kind are
// refused with a StudyError naming the file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "detgrad/core/error.hpp"
#include "optimize/optimization_problem.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::test {
namespace {

const char* const kDefaultStudies[] = {"tomography/hello_world.json", "muone/default.json", "swgo/default.json",
                                       "calorimeter/default.json"};

std::unique_ptr<optimize::OptimizationProblem> problem_of(const std::string& study) {
  const char* source = std::getenv("DETGRAD_SOURCE_DIR");
  return tasks::load_task_study(std::string(source ? source : ".") + "/configs/" + study)
      ->optimization_problem(Backend::cpu);
}

TEST(LayoutRoundTrip, EveryTaskReadsBackWhatItWrites) {
  for (const char* study : kDefaultStudies) {
    SCOPED_TRACE(study);
    const auto problem = problem_of(study);
    std::vector<double> x = problem->initial();
    // Off the study's own values, so that a reader that returned the study's design would fail.
    problem->project(x);
    for (double& v : x) v *= 1.0 + 1.0 / 3.0 * 1e-3;
    problem->project(x);
    const std::string text = problem->layout(x).dump();
    const std::vector<double> back = problem->read_layout(nlohmann::json::parse(text), "layout_final.json");
    ASSERT_EQ(back.size(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(back[i], x[i]) << problem->design().parameters[i].name;
  }
}

TEST(LayoutRoundTrip, AnotherTasksLayoutIsRefusedNamingTheFile) {
  std::vector<std::unique_ptr<optimize::OptimizationProblem>> problems;
  for (const char* study : kDefaultStudies) problems.push_back(problem_of(study));
  for (std::size_t writer = 0; writer < problems.size(); ++writer) {
    const nlohmann::json layout = problems[writer]->layout(problems[writer]->initial());
    for (std::size_t reader = 0; reader < problems.size(); ++reader) {
      if (reader == writer) continue;
      SCOPED_TRACE(std::string(kDefaultStudies[writer]) + " read by " + kDefaultStudies[reader]);
      try {
        (void)problems[reader]->read_layout(layout, "other.json");
        ADD_FAILURE() << "accepted";
      } catch (const StudyError& e) {
        EXPECT_NE(std::string(e.what()).find("other.json"), std::string::npos) << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace detgrad::test
