#pragma once
// checkpoint.json of an optimisation run: the resolved study (without the number of steps,
// so that a run may be resumed with more), the next step, the exact design (hexadecimal
// floats, exact_double.hpp) and the optimiser's state (optimizer_state.cpp).
#include <cstdint>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "optimize/optimizer.hpp"

namespace detgrad::optimize {

// Reads the checkpoint into `x` (whose size is the design's) and `optimizer`, and returns the
// step to continue with. StudyError when the file is missing, corrupted or incomplete, or
// for another study.
std::uint32_t read_checkpoint(const std::filesystem::path& file, const nlohmann::json& study, std::vector<double>& x,
                              Optimizer& optimizer);

// The same from a checkpoint's parsed JSON: throws StudyError (another study) or
// std::exception (anything missing or malformed). The fuzz target of checkpoints calls it.
std::uint32_t restore_checkpoint(const nlohmann::json& checkpoint, const nlohmann::json& study,
                                 std::vector<double>& x, Optimizer& optimizer);

void write_checkpoint(const std::filesystem::path& file, const nlohmann::json& study, std::uint32_t next_step,
                      const std::vector<double>& x, const Optimizer& optimizer);

}  // namespace detgrad::optimize
