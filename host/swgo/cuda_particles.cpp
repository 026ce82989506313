#include "swgo/cuda_particles.hpp"

#include <algorithm>
#include <type_traits>
#include <vector>

#include "backend/cuda_runtime.hpp"
#include "swgo/particle_launchers.hpp"

namespace detgrad::swgo {
namespace {

constexpr std::uint64_t kCudaChunkShowers = 1u << 16;  // showers per launch (2^21 threads)

std::vector<float> to_float(const double* values, int n) { return std::vector<float>(values, values + n); }

// The tank lookup in device memory, in float.
struct DeviceTanks {
  DeviceArray<float> x, y;
  DeviceArray<int> cell_start, cell_tanks;
  TankLookup<float> lookup;

  explicit DeviceTanks(const TankLookup<double>& host)
      : x(to_float(host.x, host.tanks)),
        y(to_float(host.y, host.tanks)),
        cell_start(std::vector<int>(host.cell_start, host.cell_start + host.nx * host.ny + 1)),
        cell_tanks(std::vector<int>(host.cell_tanks, host.cell_tanks + host.tanks)),
        lookup(host.cast<float>(x.get(), y.get(), cell_start.get(), cell_tanks.get())) {}
};

// The showers in float, with what they point to in device memory.
struct DeviceShowers {
  DeviceArray<float> unit_x, unit_y;
  ShowerSource<float> source;

  explicit DeviceShowers(const ShowerSource<double>& host)
      : unit_x(to_float(host.unit_x, host.units)), unit_y(to_float(host.unit_y, host.units)) {
    source = host.cast<float>(unit_x.get(), unit_y.get());
  }
  const ShowerSource<float>& get() const { return source; }
};

struct FixedShowerFloat {
  FixedShower<float> fixed;
  explicit FixedShowerFloat(const FixedShower<double>& host) {
    const Shower<double>& s = host.shower;
    fixed.shower = {s.primary, float(s.energy_PeV), float(s.theta), float(s.phi), float(s.x0), float(s.y0), s.trials};
  }
  const FixedShower<float>& get() const { return fixed; }
};

template <class DeviceShowersOf, class Showers>
ParticleCounts count_on_cuda(const ParticleSetup<double, Showers>& host, std::uint32_t step, std::uint64_t first,
                             std::uint64_t count) {
  const DeviceTanks tanks(host.tanks);
  const DeviceShowersOf showers(host.showers);
  ParticleSetup<float, std::decay_t<decltype(showers.get())>> setup;
  setup.tables = host.tables.template cast<float>();
  setup.showers = showers.get();
  setup.tanks = tanks.lookup;
  setup.seed = host.seed;
  setup.species_begin = host.species_begin;
  setup.species_end = host.species_end;

  ParticleCounts out;
  out.tanks = host.tanks.tanks;
  const std::size_t cells = std::size_t(kSpecies) * std::size_t(out.tanks);
  DeviceArray<unsigned long long> counts(cells), tally(kParticleTallies);
  counts.zero();
  tally.zero();
  for (std::uint64_t done = 0; done < count; done += kCudaChunkShowers)
    cuda_count_particles(setup, step, first + done, std::min(kCudaChunkShowers, count - done), counts.get(), tally.get());
  std::vector<unsigned long long> c, t;
  counts.download(c, cells);
  tally.download(t, kParticleTallies);
  out.counts.assign(c.begin(), c.end());
  for (int k = 0; k < kSpecies; ++k) {
    out.totals.drawn[k] = t[std::size_t(k)];
    out.totals.in_tanks[k] = t[std::size_t(kSpecies + k)];
  }
  return out;
}

}  // namespace

ParticleCounts count_particles_cuda(const ParticleSetup<double, ShowerSource<double>>& setup, std::uint32_t step,
                                    std::uint64_t first, std::uint64_t count) {
  return count_on_cuda<DeviceShowers>(setup, step, first, count);
}

ParticleCounts count_particles_cuda(const ParticleSetup<double, FixedShower<double>>& setup, std::uint32_t step,
                                    std::uint64_t first, std::uint64_t count) {
  return count_on_cuda<FixedShowerFloat>(setup, step, first, count);
}

}  // namespace detgrad::swgo
