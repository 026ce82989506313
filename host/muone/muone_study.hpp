#pragma once
// The MUonE task as the commands see it (tasks/task.hpp): a station study and what simulate,
// evaluate, gradcheck and optimize do with it.
#include "muone/muone_config.hpp"
#include "tasks/task.hpp"

namespace detgrad::muone {

class MuoneStudy : public tasks::TaskStudy {
 public:
  explicit MuoneStudy(MuoneStudyConfig study) : study_(std::move(study)) {}

  const CommonStudyConfig& common() const override { return study_.common; }
  std::string event_noun() const override { return "events"; }
  nlohmann::json to_json() const override;
  void apply(const tasks::StudyOverrides& overrides) override;
  std::string describe() const override;
  nlohmann::json simulate(const tasks::RunContext& run) const override;
  tasks::EventTable event_table(std::uint64_t events, Backend backend) const override;  // muone_event_table.cpp
  // muone_event_outputs.cpp: every event's modelled resolution quantities and their VJP.
  tasks::EventOutputs event_outputs(const std::vector<double>& design,
                                    const tasks::EventOutputOptions& options) const override;
  std::vector<double> event_outputs_vjp(const std::vector<double>& design, const tasks::EventOutputOptions& options,
                                        const tasks::EventOutputs& cotangents) const override;
  tasks::EvaluationReport evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                   std::optional<std::uint64_t> events, Backend backend) const override;
  std::uint64_t default_gradcheck_events() const override { return 20000; }
  tasks::GradientProblem gradient_problem(std::uint64_t events) const override;
  std::unique_ptr<optimize::OptimizationProblem> optimization_problem(Backend backend) const override;
  void after_optimization(const tasks::RunContext& run, const nlohmann::json& final_layout) const override;
  nlohmann::json align(const std::filesystem::path& data_dir, const std::filesystem::path& out_dir,
                       Backend backend) const override;

 private:
  MuoneStudyConfig study_;
};

tasks::TaskDefinition muone_task_definition();

}  // namespace detgrad::muone
