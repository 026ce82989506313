#include "backend/backend.hpp"

#include <omp.h>

#include "backend/cuda_runtime.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad {

int cpu_thread_count() { return omp_get_max_threads(); }

const char* backend_name(Backend backend) {
  switch (backend) {
    case Backend::cpu: return "cpu";
    case Backend::cuda: return "cuda";
    default: return "auto";
  }
}

Backend parse_backend(const std::string& name) {
  if (name == "auto") return Backend::automatic;
  if (name == "cpu") return Backend::cpu;
  if (name == "cuda") return Backend::cuda;
  throw StudyError("backend", "\"" + name + "\" is not a backend (expected \"auto\", \"cpu\" or \"cuda\")");
}

BackendChoice choose_backend(Backend requested) {
  const std::string threads = std::to_string(cpu_thread_count()) + " OpenMP threads";
  if (requested == Backend::cpu) return {Backend::cpu, "backend cpu (" + threads + "), as requested"};
  std::string why_none;
  const int devices = cuda_device_count(&why_none);
  if (devices > 0) {
    return {Backend::cuda, "backend cuda on " + cuda_device_name(0) +
                               (requested == Backend::cuda ? ", as requested" : " (auto: a CUDA device is present)")};
  }
  if (requested == Backend::cuda) throw BackendError("backend cuda requested but " + why_none);
  return {Backend::cpu, "backend cpu (" + threads + ") (auto: " + why_none + ")"};
}

}  // namespace detgrad
