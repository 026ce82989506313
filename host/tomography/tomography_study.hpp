#pragma once
// The tomography task as the commands see it (tasks/task.hpp): a muon study (source, voxel
// volume, detector planes or tomography panels) and what simulate, evaluate, gradcheck and
// optimize do with it.
#include <memory>
#include <mutex>

#include "detgrad/tomography/study_config.hpp"
#include "tasks/task.hpp"

namespace detgrad::tomography {

class TomographyModel;

class TomographyStudy : public tasks::TaskStudy {
 public:
  explicit TomographyStudy(TomographyStudyConfig study);

  const TomographyStudyConfig& config() const { return study_; }

  const CommonStudyConfig& common() const override { return common_; }
  std::string event_noun() const override { return "muons"; }
  nlohmann::json to_json() const override;
  void apply(const tasks::StudyOverrides& overrides) override;
  std::string describe() const override;
  void prepare(Backend backend) const override;
  nlohmann::json simulate(const tasks::RunContext& run) const override;
  tasks::EventTable event_table(std::uint64_t events, Backend backend) const override;  // tomography_event_table.cpp
  // tomography_event_outputs.cpp: every muon's inferred quantities and their VJP.
  tasks::EventOutputs event_outputs(const std::vector<double>& design,
                                    const tasks::EventOutputOptions& options) const override;
  std::vector<double> event_outputs_vjp(const std::vector<double>& design, const tasks::EventOutputOptions& options,
                                        const tasks::EventOutputs& cotangents) const override;
  tasks::EvaluationReport evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                   std::optional<std::uint64_t> events, Backend backend) const override;
  std::uint64_t default_gradcheck_events() const override { return 4000; }
  tasks::GradientProblem gradient_problem(std::uint64_t events) const override;
  std::unique_ptr<optimize::OptimizationProblem> optimization_problem(Backend backend) const override;
  void after_optimization(const tasks::RunContext& run, const nlohmann::json& final_layout) const override;

 private:
  // evaluate, gradcheck and optimize need the tomography section; `command` names the
  // command in the message.
  void require_tomography(const std::string& command) const;
  void sync_common();
  // The model of event_outputs, built on first use and kept (a study's outputs are asked for
  // at many designs); apply() drops it.
  std::shared_ptr<const TomographyModel> outputs_model() const;

  TomographyStudyConfig study_;
  CommonStudyConfig common_;
  mutable std::mutex outputs_model_mutex_;
  mutable std::shared_ptr<const TomographyModel> outputs_model_;
};

tasks::TaskDefinition tomography_task_definition();

}  // namespace detgrad::tomography
