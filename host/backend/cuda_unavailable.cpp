// The CUDA entry points of a build without CUDA: no device, and a clear error on use.
#include "backend/cuda_launchers.hpp"
#include "backend/cuda_runtime.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad {
namespace {
[[noreturn]] void unavailable() {
  throw BackendError("detgrad was built without CUDA: rebuild with -DDETGRAD_CUDA=ON on a machine with the CUDA toolkit");
}
}  // namespace

bool cuda_built() { return false; }
int cuda_device_count(std::string* why_none) {
  if (why_none) *why_none = "detgrad was built without CUDA";
  return 0;
}
std::string cuda_device_name(int) { unavailable(); }
void cuda_use_device(int) { unavailable(); }
std::size_t cuda_device_memory_used() { unavailable(); }
std::size_t cuda_allocation_peak_bytes() { return 0; }
void cuda_reset_allocation_peak() {}

DeviceBytes::DeviceBytes(std::size_t bytes) : bytes_(bytes) {
  if (bytes) unavailable();
}
DeviceBytes::~DeviceBytes() = default;
DeviceBytes::DeviceBytes(DeviceBytes&&) noexcept = default;
DeviceBytes& DeviceBytes::operator=(DeviceBytes&&) noexcept = default;
void DeviceBytes::upload(const void*, std::size_t) { unavailable(); }
void DeviceBytes::download(void*, std::size_t) const { unavailable(); }
void DeviceBytes::zero() { unavailable(); }

void cuda_philox_words(std::uint64_t, std::uint32_t, std::uint32_t, std::uint32_t*, std::uint32_t*) { unavailable(); }

}  // namespace detgrad
