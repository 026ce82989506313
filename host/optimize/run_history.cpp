#include "optimize/run_history.hpp"

#include <sstream>
#include <string>

#include <omp.h>

#include "backend/ranks.hpp"
#include "optimize/run_files.hpp"

namespace detgrad::optimize {

namespace fs = std::filesystem;

RunHistory::RunHistory(const fs::path& dir) {
  if (!ranks::is_root()) return;
  history_.open(dir / "history.csv", std::ios::app);
  timing_.open(dir / "timing.csv", std::ios::app);
}

void RunHistory::keep_steps_before(const fs::path& dir, std::uint32_t first_step) {
  keep_first_lines(dir / "history.csv", first_step + 1);
  keep_first_lines(dir / "timing.csv", first_step + 1);
}

void RunHistory::write_headers(const DesignDescription& design, const StepEvaluation& first) {
  std::vector<std::string> terms;
  for (const auto& t : first.terms) terms.push_back(t.first);
  std::ostringstream header;
  const std::vector<std::string> columns = history_columns(design, terms);
  for (std::size_t i = 0; i < columns.size(); ++i) header << (i ? "," : "") << columns[i];
  header << '\n';
  history_ << header.str();
  timing_ << "step,wall_seconds,ranks,threads_per_rank,evaluate_seconds,project_seconds\n";
}

void RunHistory::write_step(std::uint32_t step, const StepEvaluation& e, const std::vector<double>& design,
                            const StepReport& report, const StepTiming& timing) {
  std::ostringstream row;
  row << step << ',' << exact_decimal(e.loss);
  for (const auto& t : e.terms) row << ',' << exact_decimal(t.second);
  for (double v : design) row << ',' << exact_decimal(v);
  for (double g : e.gradient) row << ',' << exact_decimal(g);
  for (const GroupStepReport& g : report.groups) row << ',' << exact_decimal(g.rate);
  row << ',' << (report.rolled_back ? 1 : 0) << '\n';
  history_ << row.str();
  timing_ << step << ',' << exact_decimal(timing.since_start) << ',' << ranks::size() << ',' << omp_get_max_threads()
          << ',' << exact_decimal(timing.evaluate) << ',' << exact_decimal(timing.project) << '\n';
}

void RunHistory::flush() {
  if (history_.is_open()) history_.flush();
  if (timing_.is_open()) timing_.flush();
}

}  // namespace detgrad::optimize
