#include "optimize/optimize_run.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <omp.h>
#include <unistd.h>

#include "backend/ranks.hpp"
#include "detgrad/core/error.hpp"
#include "optimize/exact_double.hpp"
#include "optimize/optimizer.hpp"
#include "study/json_file.hpp"

namespace detgrad::optimize {
namespace {

namespace fs = std::filesystem;
constexpr const char* kCheckpointFormat = "detgrad-checkpoint-1";

volatile std::sig_atomic_t g_stop_requested = 0;
extern "C" void request_stop(int) { g_stop_requested = 1; }

void write_atomically(const fs::path& path, const std::string& text) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, path);
}

// The study as the checkpoint compares it: resolved, without the number of steps (a run
// may be resumed with more steps).
nlohmann::json comparable_study(const nlohmann::json& study) {
  nlohmann::json j = study;
  if (j.contains("optimization")) j["optimization"].erase("steps");
  return j;
}

OptimizerSettings optimizer_settings(const OptimizationConfig& c, std::uint32_t steps) {
  OptimizerSettings s;
  s.kind = c.optimizer == "sgd" ? OptimizerKind::sgd : OptimizerKind::adam;
  s.schedule.warmup_steps = int(c.warmup_steps);
  s.schedule.decay = c.decay == "cosine" ? DecayKind::cosine : c.decay == "exponential" ? DecayKind::exponential : DecayKind::none;
  s.schedule.total_steps = int(steps);
  s.schedule.decay_rate = c.decay_rate;
  return s;
}

std::vector<GroupSettings> group_settings(const OptimizationTask& task, const OptimizationConfig& c) {
  std::vector<GroupSettings> groups = task.default_groups();
  for (GroupSettings& g : groups) {
    if (auto it = c.step_size.find(g.group); it != c.step_size.end()) g.step_size = it->second;
    if (auto it = c.max_update.find(g.group); it != c.max_update.end()) g.max_update = it->second;
    for (const std::string& name : c.frozen) g.frozen = g.frozen || name == g.group;
  }
  for (const std::string& name : c.frozen) {
    bool known = false;
    for (const GroupSettings& g : groups) known = known || g.group == name;
    if (!known) throw StudyError("optimization.frozen", "\"" + name + "\" is not a parameter group of this task");
  }
  for (const auto* m : {&c.step_size, &c.max_update})
    for (const auto& entry : *m) {
      bool known = false;
      for (const GroupSettings& g : groups) known = known || g.group == entry.first;
      if (!known) throw StudyError("optimization", "\"" + entry.first + "\" is not a parameter group of this task");
    }
  return groups;
}

// The header and the rows of the steps before a resumed run's first step.
void keep_first_lines(const fs::path& path, std::uint32_t lines) {
  std::ifstream old(path);
  std::string line, kept;
  for (std::uint32_t row = 0; row < lines && std::getline(old, line); ++row) kept += line + "\n";
  write_atomically(path, kept);
}

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

}  // namespace

OptimizeRunResult run_optimization(const nlohmann::json& study, const OptimizationConfig& config,
                                   const OptimizationTask& task, const OptimizeRunOptions& options, RunLog& log) {
  const std::uint32_t steps = options.steps.value_or(config.steps);
  const std::vector<ParameterSpec> specs = task.parameters();
  Optimizer optimizer(specs, group_settings(task, config), optimizer_settings(config, steps));
  std::vector<double> x = task.initial();
  std::uint32_t first_step = 0;
  const fs::path checkpoint = options.dir / "checkpoint.json", history_path = options.dir / "history.csv";
  const fs::path timing_path = options.dir / "timing.csv";

  if (options.resume) {
    std::ifstream in(checkpoint);
    if (!in) throw StudyError(checkpoint.string(), "no checkpoint to resume from");
    nlohmann::json j;
    try {
      try {  // with the limits of every JSON input (size, nesting, values)
        j = study_detail::read_json_file(checkpoint.string(), "checkpoint");
      } catch (const StudyError& e) {  // said below as a corrupted checkpoint
        const std::string message = e.what();
        throw std::runtime_error(e.path() == checkpoint.string() ? message.substr(e.path().size() + 2) : message);
      }
      if (j.at("format") != kCheckpointFormat) throw std::runtime_error("unknown format");
      if (j.at("study") != comparable_study(study)) {
        throw StudyError(checkpoint.string(), "the checkpoint is for another study (or other settings); "
                                              "resume with the study the run was started with");
      }
      first_step = j.at("next_step").get<std::uint32_t>();
      const nlohmann::json& values = j.at("parameters");
      if (values.size() != x.size()) throw std::runtime_error("wrong number of parameters");
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = decode_exact(values[i].get<std::string>(), "parameters");
      optimizer.restore(j.at("optimizer"));
    } catch (const StudyError&) {
      throw;
    } catch (const std::exception& e) {
      throw StudyError(checkpoint.string(), std::string("corrupted or incomplete checkpoint, refused: ") + e.what());
    }
    // Keep the history (and the timings) up to the checkpoint: later rows are computed again.
    keep_first_lines(history_path, first_step + 1);
    keep_first_lines(timing_path, first_step + 1);
    log.info("resuming at step " + std::to_string(first_step) + " from " + checkpoint.string());
  } else {
    if (fs::exists(checkpoint)) {
      throw StudyError(options.dir.string(), "holds a run already: resume it with --resume, or choose another --out");
    }
    write_atomically(options.dir / "study.json", study.dump(2) + "\n");
  }

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  std::signal(SIGUSR1, request_stop);
  g_stop_requested = 0;
  // history.csv holds what the run computes (bitwise the same for any number of threads and
  // ranks); timing.csv what the machine took.
  std::ofstream history, timing;
  if (ranks::is_root()) {
    history.open(history_path, std::ios::app);
    timing.open(timing_path, std::ios::app);
  }
  const bool terminal = ranks::is_root() && isatty(fileno(stderr)) != 0;
  OptimizeRunResult result;
  const auto start = std::chrono::steady_clock::now();
  const auto save_checkpoint = [&](std::uint32_t next_step) {
    nlohmann::json j;
    j["format"] = kCheckpointFormat;
    j["study"] = comparable_study(study);
    j["next_step"] = next_step;
    j["parameters"] = nlohmann::json::array();
    for (double v : x) j["parameters"].push_back(encode_exact(v));
    j["optimizer"] = optimizer.state();
    if (history.is_open()) history.flush();
    if (timing.is_open()) timing.flush();
    write_atomically(checkpoint, j.dump(1) + "\n");
  };

  for (std::uint32_t step = first_step; step < steps; ++step) {
    const TaskEvaluation e = task.evaluate(x, step, config.events_per_step);
    // Every rank stops after the same step when a signal reached any of them.
    const bool stop = ranks::any(g_stop_requested != 0);
    if (step == 0) {
      std::ostringstream header;
      header << "step,loss";
      for (const auto& t : e.terms) header << ',' << t.first;
      for (const ParameterSpec& p : specs) header << ',' << p.name;
      for (const ParameterSpec& p : specs) header << ",grad_" << p.name;
      for (std::size_t g = 0; g < optimizer.layout().group_count(); ++g) header << ",rate_" << optimizer.layout().group(g).group;
      header << ",rolled_back\n";
      history << header.str();
      timing << "step,wall_seconds,ranks,threads_per_rank\n";
    }
    const std::vector<double> before = x;
    const StepReport report = optimizer.step(x, e.gradient, e.loss);
    if (!report.rolled_back) task.project(x);
    std::ostringstream row;
    row << step << ',' << number(e.loss);
    for (const auto& t : e.terms) row << ',' << number(t.second);
    for (double v : before) row << ',' << number(v);
    for (double g : e.gradient) row << ',' << number(g);
    for (const GroupStepReport& g : report.groups) row << ',' << number(g.rate);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    row << ',' << (report.rolled_back ? 1 : 0) << '\n';
    history << row.str();
    timing << step << ',' << number(elapsed) << ',' << ranks::size() << ',' << omp_get_max_threads() << '\n';
    if (report.rolled_back) log.info("step " + std::to_string(step) + ": rolled back: " + report.message);
    if (step == first_step) result.first_loss = e.loss;
    result.last_loss = e.loss;
    // Step line: the loss terms, muons per second, time left. On a terminal it is one
    // self-updating line (and the log file keeps every step); otherwise a log line.
    const double done = step + 1 - first_step;
    char line[512];
    int used = std::snprintf(line, sizeof line, "step %u/%u  loss %.6g", step + 1, steps, e.loss);
    for (const auto& t : e.terms)
      if (used > 0 && used < int(sizeof line)) used += std::snprintf(line + used, sizeof line - used, "  %s %.4g", t.first.c_str(), t.second);
    if (used > 0 && used < int(sizeof line)) {
      std::snprintf(line + used, sizeof line - used, "  %.3g %s/s  %.0f s left", double(config.events_per_step) * done / elapsed,
                    options.event_noun.c_str(),
                    elapsed / done * (steps - step - 1));
    }
    if (terminal) {
      std::fprintf(stderr, "\r%s   ", line);
      if (step + 1 == steps || stop) std::fprintf(stderr, "\n");
      log.file_only(line);
    } else {
      log.info(line);
    }
    result.steps_done = step + 1;
    if ((step + 1) % config.layout_every == 0) {
      write_atomically(options.dir / ("layout_" + std::to_string(step + 1) + ".json"), task.layout(x).dump(2) + "\n");
    }
    if ((step + 1) % config.checkpoint_every == 0 || step + 1 == steps || stop) save_checkpoint(step + 1);
    if (stop && step + 1 < steps) {
      result.interrupted = true;
      log.info("interrupted after step " + std::to_string(step + 1) + ": checkpoint written; continue with --resume");
      break;
    }
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGUSR1, SIG_DFL);
  result.final_design = x;
  if (!result.interrupted) write_atomically(options.dir / "layout_final.json", task.layout(x).dump(2) + "\n");
  return result;
}

}  // namespace detgrad::optimize
