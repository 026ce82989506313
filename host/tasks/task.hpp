#pragma once
// A task of the engine as the commands see it (docs/design.md, principle 7). A task registers a
// TaskDefinition (task_registry.hpp): its name, the top-level study keys it owns, and a
// reader that turns a study's JSON into a TaskStudy. The commands (simulate, validate,
// evaluate, gradcheck, optimize, scan) talk to a TaskStudy only; nothing in host/cli,
// host/optimize or scripts/plot-run knows a task's physics.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "detgrad/core/error.hpp"
#include "detgrad/study/common_config.hpp"
#include "optimize/gradient_check.hpp"
#include "optimize/optimization_problem.hpp"
#include "output/run_log.hpp"

namespace detgrad::tasks {

// Command-line overrides of a study's values, applied by TaskStudy::apply and validated like
// the file's own values.
struct StudyOverrides {
  std::optional<std::uint64_t> events;       // --events N (tomography: --muons N)
  std::optional<std::uint64_t> save_events;  // --save-events K (tomography: --save-muons K)
  std::optional<std::uint64_t> seed;         // --seed S
  std::optional<Backend> backend;            // --backend NAME
  std::optional<std::uint32_t> steps;        // optimize --steps N
  // optimize: the resolved study records the optimisation settings, defaults included, even
  // when the study file has no "optimization" section.
  bool optimization_defaults = false;
};

// Where a command runs: the chosen backend (cpu or cuda, never automatic), the run directory
// (simulate and optimize; empty otherwise) and the run's log.
struct RunContext {
  Backend backend = Backend::cpu;
  std::filesystem::path dir;
  RunLog* log = nullptr;
};

// A layout's figure of merit in evaluation mode: the number the task is judged by (lower is
// better: the loss without the optimisation-mode smoothing), its statistical error, the
// lines `detgrad evaluate` prints and the JSON it writes (--json, evaluation.json).
struct EvaluationReport {
  std::string figure_name;     // e.g. "voxel_x0 loss", "-utility"
  double figure = 0.0;
  double figure_error = 0.0;   // statistical standard error of `figure`
  std::vector<std::string> lines;
  nlohmann::json json = nlohmann::json::object();
};

// Per-event outputs as named columns of doubles, every column one value per event (the
// Python module's numpy arrays, without files). NaN where an event has no value (e.g. a plane
// a muon did not cross).
struct EventTable {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
};

// Per-event quantities of a design as differentiable outputs (the Python module's
// detgrad.torch.event_outputs): named columns, each `widths[c]` values per event, event-major
// (column c holds events x widths[c] doubles). A task documents which columns depend on the
// design (their cotangents reach the design through event_outputs_vjp) and which do not
// (truth, masks: their cotangents are ignored).
struct EventOutputs {
  std::uint64_t events = 0;
  std::vector<std::string> names;
  std::vector<std::size_t> widths;
  std::vector<std::vector<double>> columns;

  // Appends a column of `width` zeros per event (set `events` first) and returns where its
  // values go; the pointer stays valid as further columns are added.
  double* add_column(const std::string& name, std::size_t width = 1) {
    names.push_back(name);
    widths.push_back(width);
    columns.emplace_back(events * width);
    return columns.back().data();
  }
};

// Which events, and where the step's held parts come from.
struct EventOutputOptions {
  std::uint64_t events = 0;
  std::uint32_t step = 0;  // part of the random numbers' counter (common random numbers)
  // The design at which the parts of a step that the optimisation holds fixed within the
  // step are taken (tomography: the transport's reference planes; SWGO: the shower cores'
  // disc); empty: the design itself. A finite-difference check keeps it fixed.
  std::vector<double> reference;
};

// What `detgrad gradcheck` needs (optimize/gradient_check.hpp).
using optimize::GradientProblem;

// One study of one task: read, defaults resolved, validated. In an MPI run every rank calls
// the same methods in the same order (the passes meet in backend/pairwise_reduce.hpp); only
// rank 0 writes files (backend/ranks.hpp: ranks::is_root()).
class TaskStudy {
 public:
  virtual ~TaskStudy() = default;

  virtual const CommonStudyConfig& common() const = 0;
  // "muons", "showers", "events": what the study's event count counts (messages, progress).
  virtual std::string event_noun() const = 0;
  // The resolved study, every default filled in; reading it back gives the same study.
  virtual nlohmann::json to_json() const = 0;
  // Applies command-line overrides, then validates again (StudyError on a bad value).
  virtual void apply(const StudyOverrides& overrides) = 0;
  // The line `detgrad validate` prints after "valid study NAME (task): ".
  virtual std::string describe() const = 0;

  // detgrad simulate: runs the study's events once in the run directory (per-event CSV files,
  // pictures' data) and returns the task's part of summary.json. Checks that can only be made
  // when the models are built may still throw StudyError here, before anything is written:
  // the command creates the run directory only after prepare() returned.
  virtual void prepare(Backend backend) const { (void)backend; }
  virtual nlohmann::json simulate(const RunContext& run) const = 0;

  // The study's first `events` events (its seed, step 0) as per-event columns: what
  // simulate writes into its per-event CSV file. Default: no columns (the task has none yet).
  virtual EventTable event_table(std::uint64_t events, Backend backend) const {
    (void)events;
    (void)backend;
    return {};
  }

  // Per-event outputs at `design` (the optimisation's design vector), in double on the CPU:
  // the same per-event code as the passes. Default: none (the task has no such outputs; the
  // caller reports it).
  virtual EventOutputs event_outputs(const std::vector<double>& design, const EventOutputOptions& options) const {
    (void)design;
    (void)options;
    return {};
  }
  // The vector-Jacobian product of event_outputs: sum over events and columns of the
  // cotangents (same names and shapes; absent columns count as zero) times d(output)/d(design),
  // each event replayed with the same random numbers, summed deterministically. Default:
  // an empty vector (no outputs).
  virtual std::vector<double> event_outputs_vjp(const std::vector<double>& design, const EventOutputOptions& options,
                                                const EventOutputs& cotangents) const {
    (void)design;
    (void)options;
    (void)cotangents;
    return {};
  }

  // detgrad evaluate (and the end of optimize): the figure of merit of a layout (a layout
  // file's JSON as written by OptimizationProblem::layout, or null for the study's own design;
  // `layout_name` names it in messages, e.g. the file's path) with `events` events (nullopt:
  // the task's default for the evaluate command). A layout that does not fit the study is a
  // StudyError naming it.
  virtual EvaluationReport evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                    std::optional<std::uint64_t> events, Backend backend) const = 0;

  // detgrad gradcheck.
  virtual std::uint64_t default_gradcheck_events() const = 0;
  virtual GradientProblem gradient_problem(std::uint64_t events) const = 0;

  // detgrad align: the geometry of the study's detector fitted from the recorded data of a
  // run directory (`data_dir`, as simulate wrote it), outputs into `out_dir`; returns the
  // task's part of the summary. Every input is checked before `out_dir` is created: a
  // StudyError means that nothing was written. Default: the task offers no alignment.
  virtual nlohmann::json align(const std::filesystem::path& data_dir, const std::filesystem::path& out_dir,
                               Backend backend) const {
    (void)data_dir;
    (void)out_dir;
    (void)backend;
    throw StudyError("task", "the " + common().task + " task offers no alignment (detgrad align)");
  }

  // detgrad optimize.
  virtual std::unique_ptr<optimize::OptimizationProblem> optimization_problem(Backend backend) const = 0;
  // The design's description (names, units, groups, bounds, constraints), as the optimiser
  // and the bindings see it.
  virtual optimize::DesignDescription design() const { return optimization_problem(Backend::cpu)->design(); }
  // Extra outputs after a finished optimisation (e.g. a map for the plots); the loop has
  // already written layout_final.json and the evaluation of the initial and final layouts.
  virtual void after_optimization(const RunContext& run, const nlohmann::json& final_layout) const {
    (void)run;
    (void)final_layout;
  }
};

// The registry's entry for one task.
struct TaskDefinition {
  std::string name;                    // the study's "task" value, e.g. "swgo"
  std::string title;                   // one line for messages, e.g. "SWGO array layout"
  std::vector<std::string> keys;       // top-level keys the task owns besides the common ones
  // The task's own section: its presence selects the task when a study has no "task" key
  // (empty: the task is chosen only by an explicit "task", or as the default).
  std::string section;
  // Reads a whole study (a JSON object whose keys are the common ones and `keys`), resolves
  // its defaults and validates it. Throws StudyError naming the JSON path.
  std::function<std::unique_ptr<TaskStudy>(const nlohmann::json& study)> read;
};

}  // namespace detgrad::tasks
