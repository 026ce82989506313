// CPU and CUDA executors give the same muons: the same portable code, the same counter-
// based random numbers. Float results agree to rounding (the two libms differ in the last
// bits); a rare muon may differ where a rejection test sits on a rounding edge.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tomography/transport/transport_launchers.hpp"
#include "support/gpu.hpp"
#include "tomography/transport/device_transport_model.hpp"
#include "tomography/support/cosmic_study.hpp"
#include "tomography/transport/transport_model.hpp"
#include "tomography/transport/transport_run.hpp"

namespace detgrad {
namespace {


TEST(TransportGpu, SameMuonsAsCpu) {
  DETGRAD_REQUIRE_CUDA_DEVICE();
  const TransportModel model(test::cosmic_planes_study());
  const std::uint64_t n = 100000;
  std::vector<MuonTrack<float>> cpu(n), gpu;
  TransportCounts cpu_counts{};
  cpu_transport_chunk(model.host_setup(), 0, n, cpu.data(), n, cpu_counts);

  const DeviceTransportModel device(model);
  DeviceArray<MuonTrack<float>> tracks(n);
  DeviceArray<TransportCounts> counts(1);
  counts.zero();
  cuda_transport_chunk(device.setup(0), 0, n, tracks.get(), n, counts.get());
  tracks.download(gpu, n);
  std::vector<TransportCounts> gpu_counts;
  counts.download(gpu_counts, 1);

  std::uint64_t same_generation = 0, close_exit = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const MuonTrack<float>& a = cpu[i];
    const MuonTrack<float>& b = gpu[i];
    if (std::fabs(a.momentum_GeV - b.momentum_GeV) <= 1e-5f * a.momentum_GeV &&
        std::fabs(a.x_gen_m - b.x_gen_m) <= 1e-6f && a.charge == b.charge)
      ++same_generation;
    if (a.flags == b.flags && a.planes_crossed == b.planes_crossed) {
      bool close = true;
      for (int p = 0; p < a.planes_crossed; ++p)
        close = close && std::fabs(a.planes[p].x_m - b.planes[p].x_m) < 1e-4f &&
                std::fabs(a.planes[p].y_m - b.planes[p].y_m) < 1e-4f;
      close_exit += close ? 1 : 0;
    }
  }
  EXPECT_GE(same_generation, n - n / 10000);
  EXPECT_GE(close_exit, n - n / 1000);
  EXPECT_EQ(gpu_counts[0].generated, n);
  EXPECT_NEAR(double(gpu_counts[0].reached_bottom), double(cpu_counts.reached_bottom), 0.001 * n);
}

}  // namespace
}  // namespace detgrad
