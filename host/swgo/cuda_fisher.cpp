#include "swgo/cuda_fisher.hpp"

#include <algorithm>
#include <vector>

#include "backend/cuda_runtime.hpp"
#include "backend/pairwise_reduce.hpp"
#include "swgo/swgo_launchers.hpp"

namespace detgrad::swgo {
namespace {

constexpr std::uint64_t kCudaChunkShowers = 1u << 20;

// The sums over every rank's share of the showers (exact: fixed-point integers).
std::vector<double> from_fixed(const DeviceArray<long long>& device, std::size_t n) {
  return download_fixed_point(device, n, kSwgoFixedPointScale, /*sum_over_ranks=*/true);
}

}  // namespace

FisherUtility fisher_utility_cuda(const FisherSetup<double>& host, std::uint32_t step, std::uint64_t first,
                                  std::uint64_t count, const UtilityCoefficients& c, bool with_gradient) {
  const int units = host.array.units;
  const std::vector<float> x(host.array.x, host.array.x + units), y(host.array.y, host.array.y + units);
  const std::vector<float> sx(host.source.unit_x, host.source.unit_x + host.source.units),
      sy(host.source.unit_y, host.source.unit_y + host.source.units);
  const DeviceArray<float> dx(x), dy(y), dsx(sx), dsy(sy);
  FisherSetup<float> s;
  s.tables = host.tables.cast<float>();
  s.source = host.source.cast<float>(dsx.get(), dsy.get());
  s.array = {dx.get(), dy.get(), units, float(host.array.unit_area_m2), host.array.tanks_per_unit};

  // In an MPI run each rank launches its contiguous share of the chunks.
  const UnitRange mine = rank_share((count + kCudaChunkShowers - 1) / kCudaChunkShowers);
  FisherUtility u;
  DeviceArray<long long> acc(kFisherAccumulators);
  acc.zero();
  for (std::uint64_t chunk = mine.begin; chunk < mine.end; ++chunk) {
    const std::uint64_t done = chunk * kCudaChunkShowers;
    cuda_fisher_forward(s, step, first + done, std::min(kCudaChunkShowers, count - done), acc.get());
  }
  const std::vector<double> sums = from_fixed(acc, kFisherAccumulators);
  for (int i = 0; i < kFisherAccumulators; ++i) u.accumulators[std::size_t(i)] = sums[std::size_t(i)];
  fisher_utility_terms(c, u);
  if (!with_gradient) return u;
  const float d_acc[3] = {float(u.d_accumulators[0]), float(u.d_accumulators[1]), float(u.d_accumulators[2])};
  DeviceArray<long long> grad(UnitPacking::size(std::size_t(units)));
  grad.zero();
  for (std::uint64_t chunk = mine.begin; chunk < mine.end; ++chunk) {
    const std::uint64_t done = chunk * kCudaChunkShowers;
    cuda_fisher_adjoint(s, step, first + done, std::min(kCudaChunkShowers, count - done), d_acc, grad.get());
  }
  u.gradient = from_fixed(grad, UnitPacking::size(std::size_t(units)));
  return u;
}

}  // namespace detgrad::swgo
