#include "cli/study_loading.hpp"

#include <fstream>

#include "backend/backend.hpp"
#include "backend/ranks.hpp"
#include "study/json_file.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad {

std::unique_ptr<tasks::TaskStudy> load_study_with_overrides(const CliOptions& o, bool optimization_defaults) {
  std::unique_ptr<tasks::TaskStudy> study = tasks::load_task_study(o.study_path);
  tasks::StudyOverrides overrides;
  overrides.events = o.events;
  overrides.save_events = o.save_events;
  overrides.seed = o.seed;
  if (o.backend) overrides.backend = parse_backend(*o.backend);
  if (o.steps) overrides.steps = std::uint32_t(*o.steps);
  overrides.optimization_defaults = optimization_defaults;
  study->apply(overrides);
  return study;
}

nlohmann::json read_layout_option(const CliOptions& o) {
  if (!o.layout_path) return nullptr;
  return study_detail::read_json_file(*o.layout_path, "layout file");
}

std::unique_ptr<RunLog> open_run_directory(const std::filesystem::path& dir, const CliOptions& o,
                                          const tasks::TaskStudy& study, const std::string& backend_reason) {
  if (ranks::is_root()) std::filesystem::create_directories(dir);
  auto log = std::make_unique<RunLog>(dir / "log.txt");
  log->info("detgrad " + o.command + " " + o.study_path + " -> " + dir.string() + " (task " + study.common().task + ")");
  log->info(backend_reason);
  return log;
}

void write_json_file(const std::filesystem::path& path, const nlohmann::json& json) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  std::ofstream out(path);
  out << json.dump(2) << '\n';
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace detgrad
