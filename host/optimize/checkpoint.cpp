#include "optimize/checkpoint.hpp"

#include <stdexcept>
#include <string>

#include "detgrad/core/error.hpp"
#include "optimize/exact_double.hpp"
#include "optimize/run_files.hpp"
#include "study/json_file.hpp"

namespace detgrad::optimize {
namespace {

constexpr const char* kCheckpointFormat = "detgrad-checkpoint-1";

// The study as the checkpoint compares it: resolved, without the number of steps (a run
// may be resumed with more steps).
nlohmann::json comparable_study(const nlohmann::json& study) {
  nlohmann::json j = study;
  if (j.contains("optimization")) j["optimization"].erase("steps");
  return j;
}

}  // namespace

std::uint32_t restore_checkpoint(const nlohmann::json& j, const nlohmann::json& study, std::vector<double>& x,
                                 Optimizer& optimizer) {
  if (j.at("format") != kCheckpointFormat) throw std::runtime_error("unknown format");
  if (j.at("study") != comparable_study(study)) {
    throw StudyError("", "the checkpoint is for another study (or other settings); "
                                   "resume with the study the run was started with");
  }
  const std::uint32_t next_step = j.at("next_step").get<std::uint32_t>();
  const nlohmann::json& values = j.at("parameters");
  if (values.size() != x.size()) throw std::runtime_error("wrong number of parameters");
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = decode_exact(values[i].get<std::string>(), "parameters");
  optimizer.restore(j.at("optimizer"));
  return next_step;
}

std::uint32_t read_checkpoint(const std::filesystem::path& file, const nlohmann::json& study, std::vector<double>& x,
                              Optimizer& optimizer) {
  if (!std::filesystem::exists(file)) throw StudyError(file.string(), "no checkpoint to resume from");
  try {
    nlohmann::json j;
    try {  // with the limits of every JSON input (size, nesting, values)
      j = study_detail::read_json_file(file.string(), "checkpoint");
    } catch (const StudyError& e) {  // said below as a corrupted checkpoint
      const std::string message = e.what();
      throw std::runtime_error(e.path() == file.string() ? message.substr(e.path().size() + 2) : message);
    }
    return restore_checkpoint(j, study, x, optimizer);
  } catch (const StudyError& e) {
    if (e.path().empty()) throw StudyError(file.string(), e.what());
    throw;
  } catch (const std::exception& e) {
    throw StudyError(file.string(), std::string("corrupted or incomplete checkpoint, refused: ") + e.what());
  }
}

void write_checkpoint(const std::filesystem::path& file, const nlohmann::json& study, std::uint32_t next_step,
                      const std::vector<double>& x, const Optimizer& optimizer) {
  nlohmann::json j;
  j["format"] = kCheckpointFormat;
  j["study"] = comparable_study(study);
  j["next_step"] = next_step;
  j["parameters"] = nlohmann::json::array();
  for (double v : x) j["parameters"].push_back(encode_exact(v));
  j["optimizer"] = optimizer.state();
  write_atomically(file, j.dump(1) + "\n");
}

}  // namespace detgrad::optimize
