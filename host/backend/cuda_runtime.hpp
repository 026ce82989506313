#pragma once
// The thin host interface to the CUDA runtime: device discovery and device memory. In a
// build without CUDA (cuda_unavailable.cpp) discovery reports no device and every other
// call throws BackendError("built without CUDA") (the allocation counters read 0).
#include <cstddef>
#include <string>
#include <vector>

#include "backend/ranks.hpp"

namespace detgrad {

// Number of usable CUDA devices; `why_none` says why when there are none.
int cuda_device_count(std::string* why_none = nullptr);
std::string cuda_device_name(int device);
// Makes `device` the current device of this process (cudaSetDevice).
void cuda_use_device(int device);
bool cuda_built();

// Device memory in use on the current device, in bytes: total minus free (cudaMemGetInfo),
// so the CUDA context, the driver's reservations and other processes count too.
std::size_t cuda_device_memory_used();
// The peak, in bytes, of the device memory held by DeviceBytes (every detgrad allocation)
// since the program started or the last reset; 0 in a build without CUDA.
std::size_t cuda_allocation_peak_bytes();
void cuda_reset_allocation_peak();

// Device memory of `bytes` bytes (RAII, move-only).
class DeviceBytes {
 public:
  DeviceBytes() = default;
  explicit DeviceBytes(std::size_t bytes);
  ~DeviceBytes();
  DeviceBytes(DeviceBytes&& other) noexcept;
  DeviceBytes& operator=(DeviceBytes&& other) noexcept;
  DeviceBytes(const DeviceBytes&) = delete;
  DeviceBytes& operator=(const DeviceBytes&) = delete;

  void upload(const void* host, std::size_t bytes);
  void download(void* host, std::size_t bytes) const;
  void zero();
  void* get() const { return data_; }
  std::size_t size() const { return bytes_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

// Typed device array, uploaded from a host vector.
template <typename T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(std::size_t count) : bytes_(count * sizeof(T)), count_(count) {}
  explicit DeviceArray(const std::vector<T>& host) : DeviceArray(host.size()) {
    if (!host.empty()) bytes_.upload(host.data(), host.size() * sizeof(T));
  }
  T* get() const { return static_cast<T*>(bytes_.get()); }
  std::size_t size() const { return count_; }
  void download(std::vector<T>& host, std::size_t count) const {
    host.resize(count);
    if (count) bytes_.download(host.data(), count * sizeof(T));
  }
  void zero() { bytes_.zero(); }

 private:
  DeviceBytes bytes_;
  std::size_t count_ = 0;
};

// Fixed-point sums on the device (integer atomics: the same bits in any order) read back as
// doubles: units / scale. `sum_over_ranks` (when each rank of an MPI run summed its share of
// the events) adds the integers of every rank first, exactly.
inline std::vector<double> download_fixed_point(const DeviceArray<long long>& device, std::size_t n, double scale,
                                                bool sum_over_ranks = false) {
  std::vector<long long> units;
  device.download(units, n);
  if (sum_over_ranks) ranks::sum(units);
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = double(units[i]) / scale;
  return out;
}

}  // namespace detgrad
