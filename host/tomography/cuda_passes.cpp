#include "tomography/cuda_passes.hpp"

#include <algorithm>

#include "backend/device_rows.hpp"
#include "tomography/tomography_launchers.hpp"
#include "tomography/tomography_passes.hpp"
#include "tomography/transport/device_transport_model.hpp"

namespace detgrad::tomography {
namespace {

constexpr std::uint64_t kCudaChunkEvents = 1u << 22;

// The host setup with its transport pointers replaced by device copies (the voxels of
// the setup's volume uploaded alongside).
TomographySetup device_setup(const TomographySetup& host, const DeviceTransportModel& device,
                             const DeviceArray<MaterialIndex>& voxels) {
  TomographySetup s = host;
  const TransportSetup t = device.setup(host.transport.step);
  s.transport.grid.material = voxels.get();
  s.transport.materials = t.materials;
  s.transport.range = t.range;
  return s;
}

std::vector<double> from_fixed(const DeviceArray<long long>& device, std::size_t n) {
  return download_fixed_point(device, n, kFixedPointScale);
}

}  // namespace

std::vector<MaterialIndex> setup_voxels(const TomographyModel& model, const TomographySetup& host) {
  const std::size_t n = std::size_t(model.voxel_count());
  return std::vector<MaterialIndex>(host.transport.grid.material, host.transport.grid.material + n);
}

// Each launch of kCudaChunkEvents events is one unit of the pass's pairwise sum
// (backend/device_rows.hpp): its fixed-point voxel sums (order-independent within the launch)
// are read back as one row, so that the ranks of an MPI run add the same rows in the same order.
void cuda_forward_pass(const TomographyModel& model, const TomographySetup& host_setup,
                       const DesignParams<double>& design, std::uint64_t first_event, std::uint64_t muons,
                       VoxelAccumulators& out) {
  const DeviceTransportModel device(model.transport());
  const DeviceArray<MaterialIndex> volume(setup_voxels(model, host_setup));
  const TomographySetup setup = device_setup(host_setup, device, volume);
  const std::size_t voxels = std::size_t(model.voxel_count());
  DeviceArray<long long> a(voxels), b(voxels), c(voxels), scalars(3);
  const DesignParams<float> d = design_as<float>(design);
  const std::vector<double> total = reduce_launches(
      muons, kCudaChunkEvents, 3 * voxels + 3, [&](std::uint64_t done, std::uint64_t count, std::vector<double>& row) {
        a.zero();
        b.zero();
        c.zero();
        scalars.zero();
        cuda_tomography_forward(setup, d, first_event + done, count, a.get(), b.get(), c.get(), scalars.get());
        row.clear();
        for (const auto* part : {&a, &b, &c}) {
          const std::vector<double> values = from_fixed(*part, voxels);
          row.insert(row.end(), values.begin(), values.end());
        }
        const std::vector<double> sums = from_fixed(scalars, 3);
        row.insert(row.end(), sums.begin(), sums.end());
      });
  out.a.assign(total.begin(), total.begin() + std::ptrdiff_t(voxels));
  out.b.assign(total.begin() + std::ptrdiff_t(voxels), total.begin() + std::ptrdiff_t(2 * voxels));
  out.c.assign(total.begin() + std::ptrdiff_t(2 * voxels), total.begin() + std::ptrdiff_t(3 * voxels));
  out.usable_weight = total[3 * voxels];
  out.height_sum = total[3 * voxels + 1];
  out.height_weight = total[3 * voxels + 2];
}

std::vector<double> cuda_adjoint_pass(const TomographyModel& model, const TomographySetup& host_setup,
                                      const DesignParams<double>& design, std::uint64_t first_event,
                                      std::uint64_t muons, const AccumulatorGradient& g) {
  const DeviceTransportModel device(model.transport());
  const DeviceArray<MaterialIndex> voxels(setup_voxels(model, host_setup));
  const TomographySetup setup = device_setup(host_setup, device, voxels);
  const DeviceArray<double> ga(g.d_a), gb(g.d_b), gc(g.d_c);
  const AccumulatorCotangents cot{ga.get(), gb.get(), gc.get(), g.d_height_sum, g.d_height_weight};
  constexpr std::size_t kRow = PanelPacking::size(kMaxPanels);
  DeviceArray<double> rows(std::size_t(kAdjointBlocks) * kRow);
  const DesignParams<float> d = design_as<float>(design);
  std::vector<double> total =
      reduce_launches(muons, kCudaChunkEvents, kRow, [&](std::uint64_t done, std::uint64_t count, std::vector<double>& row) {
        cuda_tomography_adjoint(setup, d, cot, first_event + done, count, rows.get());
        sum_block_rows(rows, kAdjointBlocks, kRow, row);
      });
  total.resize(PanelPacking::size(std::size_t(model.panel_count())));
  return total;
}

}  // namespace detgrad::tomography
