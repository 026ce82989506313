// detgrad align: the detector's geometry fitted from a run directory's recorded data; the
// task checks every input before it creates the output directory. The pictures
// (scripts/plot-run, the task's alignment plots) go to DIR/plots, the log to DIR/log.txt.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "backend/backend.hpp"
#include "backend/ranks.hpp"
#include "cli/commands.hpp"
#include "cli/plots.hpp"
#include "cli/study_loading.hpp"

namespace detgrad {

int run_align(const CliOptions& o) {
  const auto study = load_study_with_overrides(o);
  const BackendChoice choice = choose_backend(study->common().backend);
  const std::filesystem::path dir(*o.out_dir);
  const auto start = std::chrono::steady_clock::now();
  const nlohmann::json task_summary = study->align(*o.data_dir, dir, choice.backend);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json summary = {{"study", study->common().name}, {"task", study->common().task}, {"data", *o.data_dir},
                            {"backend", backend_name(choice.backend)}};
  summary.update(task_summary);
  summary["wall_seconds"] = seconds;
  write_json_file(dir / "alignment_summary.json", summary);
  if (ranks::is_root()) std::printf("alignment of %s: outputs in %s (%.3g s)\n", o.data_dir->c_str(), dir.string().c_str(), seconds);
  RunLog log(dir / "log.txt");
  make_plots(dir, log);
  return 0;
}

}  // namespace detgrad
