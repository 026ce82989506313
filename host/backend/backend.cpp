#include "backend/backend.hpp"

#include <omp.h>

#include "backend/cuda_runtime.hpp"
#include "backend/ranks.hpp"
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

namespace {

BackendChoice choose_backend_of_this_rank(Backend requested) {
  const std::string threads = std::to_string(cpu_thread_count()) + " OpenMP threads";
  if (requested == Backend::cpu) return {Backend::cpu, "backend cpu (" + threads + "), as requested"};
  std::string why_none;
  const int devices = cuda_device_count(&why_none);
  if (devices > 0) {
    // In an MPI run each rank takes the device of its node-local rank, modulo the devices.
    const int device = ranks::local_rank() % devices;
    cuda_use_device(device);
    std::string where = "backend cuda on " + cuda_device_name(device);
    if (ranks::size() > 1) {
      where += " (device " + std::to_string(device) + " of " + std::to_string(devices) + ", node-local rank " +
               std::to_string(ranks::local_rank()) + ")";
    }
    return {Backend::cuda, where + (requested == Backend::cuda ? ", as requested" : " (auto: a CUDA device is present)")};
  }
  if (requested == Backend::cuda) throw BackendError("backend cuda requested but " + why_none);
  return {Backend::cpu, "backend cpu (" + threads + ") (auto: " + why_none + ")"};
}

}  // namespace

BackendChoice choose_backend(Backend requested) {
  BackendChoice choice = choose_backend_of_this_rank(requested);
  if (ranks::size() > 1) choice.reason += "; on each of " + std::to_string(ranks::size()) + " MPI ranks";
  return choice;
}

}  // namespace detgrad
