// A layout file (JSON, as `optimize` writes layout_final.json and `evaluate --layout` reads
// it) against the default tomography and MUonE studies.
#include <memory>

#include "detgrad/core/error.hpp"
#include "fuzz_targets.hpp"
#include "muone/muone_model.hpp"
#include "muone/muone_study_json.hpp"
#include "study/json_file.hpp"
#include "tomography/tomography_evaluation.hpp"
#include "tomography/tomography_model.hpp"
#include "tomography/tomography_study.hpp"
#include "tasks/task_registry.hpp"

namespace detgrad::fuzz {

int layout_json(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<tasks::TaskStudy> tomography_study =
      tasks::load_task_study(source_dir() + "/configs/tomography/hello_world.json");
  static const tomography::TomographyModel tomography_model(
      dynamic_cast<const tomography::TomographyStudy&>(*tomography_study).config());
  static const muone::MuoneModel muone_model(muone::read_muone_study(
      study_detail::read_json_file(source_dir() + "/configs/muone/default.json", "study file")));
  const std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json layout;
  try {
    layout = study_detail::parse_json_text(text, "layout.json");
  } catch (const StudyError&) {
    return 0;
  }
  try {
    (void)tomography::read_layout(tomography_model, layout, "layout.json");
  } catch (const StudyError&) {
  }
  try {
    (void)muone_model.read_layout(layout, "layout.json");
  } catch (const StudyError&) {
  }
  return 0;
}

}  // namespace detgrad::fuzz
