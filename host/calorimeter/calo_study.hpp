#pragma once
// The calorimeter task as the commands see it (tasks/task.hpp): a stack study, what
// simulate, evaluate (the study's stack or a layout file's), gradcheck (the response model of
// response_model.hpp) and optimize / scan (calo_optimization.hpp) do with it.
#include "calorimeter/calo_config.hpp"
#include "tasks/task.hpp"

namespace detgrad::calorimeter {

class CaloStudy : public tasks::TaskStudy {
 public:
  explicit CaloStudy(CaloStudyConfig study) : study_(std::move(study)) {}

  const CommonStudyConfig& common() const override { return study_.common; }
  std::string event_noun() const override { return "showers"; }
  nlohmann::json to_json() const override;
  void apply(const tasks::StudyOverrides& overrides) override;
  std::string describe() const override;
  void prepare(Backend backend) const override;
  nlohmann::json simulate(const tasks::RunContext& run) const override;
  tasks::EvaluationReport evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                   std::optional<std::uint64_t> events, Backend backend) const override;
  std::uint64_t default_gradcheck_events() const override { return study_.showers; }
  tasks::GradientProblem gradient_problem(std::uint64_t events) const override;
  std::unique_ptr<optimize::OptimizationProblem> optimization_problem(Backend backend) const override;
  // Without calibrating the response model (optimization_problem does).
  optimize::DesignDescription design() const override;

  const CaloStudyConfig& config() const { return study_; }

 private:
  CaloStudyConfig study_;
};

tasks::TaskDefinition calorimeter_task_definition();

}  // namespace detgrad::calorimeter
