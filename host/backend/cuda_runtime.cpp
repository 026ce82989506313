// CUDA runtime calls of the host side (built only with CUDA).
#include "backend/cuda_runtime.hpp"

#include <cuda_runtime.h>

#include <utility>

#include "detgrad/core/error.hpp"

namespace detgrad {
namespace {
void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw BackendError(std::string(what) + ": " + cudaGetErrorString(status));
}
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

DeviceBytes::DeviceBytes(std::size_t bytes) : bytes_(bytes) {
  if (bytes) check(cudaMalloc(&data_, bytes), "cudaMalloc");
}
DeviceBytes::~DeviceBytes() {
  if (data_) cudaFree(data_);
}
DeviceBytes::DeviceBytes(DeviceBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
DeviceBytes& DeviceBytes::operator=(DeviceBytes&& other) noexcept {
  if (this != &other) {
    if (data_) cudaFree(data_);
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
