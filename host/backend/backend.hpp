#pragma once
// Choice of executor: `auto` takes CUDA when a usable device is present and the build has
// CUDA, else the CPU; `cuda` without a device is an error. The choice and its reason are
// logged once.
#include <string>

#include "detgrad/study/backend_kind.hpp"

namespace detgrad {

struct BackendChoice {
  Backend backend;     // cpu or cuda, never automatic
  std::string reason;  // one line: what was chosen and why
};

BackendChoice choose_backend(Backend requested);
const char* backend_name(Backend backend);
Backend parse_backend(const std::string& name);  // "auto", "cpu", "cuda"; throws StudyError otherwise
int cpu_thread_count();

}  // namespace detgrad
