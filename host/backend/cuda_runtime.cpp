// CUDA runtime calls of the host side (built only with CUDA).
#include "backend/cuda_runtime.hpp"

#include <cuda_runtime.h>

#include <atomic>
#include <utility>

#include "detgrad/core/error.hpp"

namespace detgrad {
namespace {
void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw BackendError(std::string(what) + ": " + cudaGetErrorString(status));
}

// Bytes held by DeviceBytes now, and their peak.
std::atomic<std::size_t> g_allocated{0};
std::atomic<std::size_t> g_allocated_peak{0};

void count_allocation(std::size_t bytes) {
  const std::size_t now = g_allocated.fetch_add(bytes) + bytes;
  std::size_t peak = g_allocated_peak.load();
  while (now > peak && !g_allocated_peak.compare_exchange_weak(peak, now)) {
  }
}
void count_release(std::size_t bytes) { g_allocated.fetch_sub(bytes); }
}  // namespace

bool cuda_built() { return true; }

int cuda_device_count(std::string* why_none) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    if (why_none) *why_none = std::string("no usable CUDA device (") + cudaGetErrorString(status) + ")";
    cudaGetLastError();
    return 0;
  }
  if (count == 0 && why_none) *why_none = "no CUDA device found";
  return count;
}

std::string cuda_device_name(int device) {
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  return prop.name;
}

void cuda_use_device(int device) { check(cudaSetDevice(device), "cudaSetDevice"); }

std::size_t cuda_device_memory_used() {
  std::size_t free_bytes = 0, total_bytes = 0;
  check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  return total_bytes - free_bytes;
}

std::size_t cuda_allocation_peak_bytes() { return g_allocated_peak.load(); }
void cuda_reset_allocation_peak() { g_allocated_peak.store(g_allocated.load()); }

DeviceBytes::DeviceBytes(std::size_t bytes) : bytes_(bytes) {
  if (bytes) {
    check(cudaMalloc(&data_, bytes), "cudaMalloc");
    count_allocation(bytes);
  }
}
DeviceBytes::~DeviceBytes() {
  if (data_) {
    cudaFree(data_);
    count_release(bytes_);
  }
}
DeviceBytes::DeviceBytes(DeviceBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
DeviceBytes& DeviceBytes::operator=(DeviceBytes&& other) noexcept {
  if (this != &other) {
    if (data_) {
      cudaFree(data_);
      count_release(bytes_);
    }
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}
void DeviceBytes::upload(const void* host, std::size_t bytes) {
  check(cudaMemcpy(data_, host, bytes, cudaMemcpyHostToDevice), "cudaMemcpy to device");
}
void DeviceBytes::download(void* host, std::size_t bytes) const {
  check(cudaMemcpy(host, data_, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy to host");
}
void DeviceBytes::zero() {
  if (bytes_) check(cudaMemset(data_, 0, bytes_), "cudaMemset");
}

}  // namespace detgrad
