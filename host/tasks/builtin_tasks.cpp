#include "tasks/builtin_tasks.hpp"

#include "calorimeter/calo_study.hpp"
#include "muone/muone_study.hpp"
#include "swgo/swgo_study.hpp"
#include "tomography/tomography_study.hpp"

namespace detgrad::tasks {

std::vector<TaskDefinition> builtin_tasks() {
  return {tomography::tomography_task_definition(), swgo::swgo_task_definition(), muone::muone_task_definition(),
          calorimeter::calorimeter_task_definition()};
}

std::string default_task_name() { return "tomography"; }

}  // namespace detgrad::tasks
