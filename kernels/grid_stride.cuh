#pragma once
// The generic CUDA executor: a grid-stride loop over events that calls a trivially
// copyable per-event function object, and a launch helper that checks the launch with
// the kernel's name in the message.
#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "detgrad/core/error.hpp"

namespace detgrad {

template <class Body>
__global__ void grid_stride_kernel(std::uint64_t count, Body body) {
  const std::uint64_t stride = std::uint64_t(gridDim.x) * blockDim.x;
  for (std::uint64_t i = std::uint64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride) body(i);
}

inline void check_cuda(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw BackendError(std::string(what) + ": " + cudaGetErrorString(status));
}

template <class Body>
void launch_grid_stride(const char* kernel_name, std::uint64_t count, const Body& body, int threads = 256) {
  if (count == 0) return;
  int device = 0, multiprocessors = 0;
  check_cuda(cudaGetDevice(&device), kernel_name);
  check_cuda(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device), kernel_name);
  const std::uint64_t wanted = (count + threads - 1) / threads;
  const std::uint64_t cap = std::uint64_t(multiprocessors) * 32;
  const unsigned blocks = unsigned(wanted < cap ? wanted : cap);
  grid_stride_kernel<<<blocks, threads>>>(count, body);
  check_cuda(cudaGetLastError(), kernel_name);
  check_cuda(cudaDeviceSynchronize(), kernel_name);
}

}  // namespace detgrad
