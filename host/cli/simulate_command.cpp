// detgrad simulate: run a study's events once and write summary.json, the task's per-event
// files, the resolved study and a log into the run directory; detgrad validate.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "backend/backend.hpp"
#include "backend/ranks.hpp"
#include "cli/commands.hpp"
#include "cli/study_loading.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad {

int run_simulate(const CliOptions& o) {
  const auto study = load_study_with_overrides(o);
  const BackendChoice choice = choose_backend(study->common().backend);
  study->prepare(choice.backend);  // may still reject the study
  // The study is accepted: only now is anything written.
  const std::filesystem::path dir(*o.out_dir);
  const std::unique_ptr<RunLog> log_file = open_run_directory(dir, o, *study, choice.reason);
  RunLog& log = *log_file;
  write_json_file(dir / "study.json", study->to_json());

  const auto start = std::chrono::steady_clock::now();
  tasks::RunContext run{choice.backend, dir, &log};
  const nlohmann::json task_summary = study->simulate(run);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json summary = {{"study", study->common().name}, {"task", study->common().task},
                            {"seed", study->common().seed}, {"backend", backend_name(choice.backend)},
                            {"backend_detail", choice.reason}};
  summary.update(task_summary);
  summary["wall_seconds"] = seconds;
  write_json_file(dir / "summary.json", summary);
  log.info("done in " + std::to_string(seconds) + " s; outputs in " + dir.string());
  return 0;
}

int run_validate(const CliOptions& o) {
  const auto study = tasks::load_task_study(o.study_path);
  if (ranks::is_root()) std::printf("%s: valid study \"%s\" (%s): %s\n", o.study_path.c_str(), study->common().name.c_str(),
              study->common().task.c_str(), study->describe().c_str());
  return 0;
}

}  // namespace detgrad
