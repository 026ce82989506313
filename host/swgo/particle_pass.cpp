#include "swgo/particle_pass.hpp"

namespace detgrad::swgo {
namespace {

// `row[i] += 1` as an atomic increment (integer: the order does not matter).
struct AtomicCountSlot {
  std::uint64_t* count;
  AtomicCountSlot& operator+=(std::uint64_t v) {
#pragma omp atomic
    *count += v;
    return *this;
  }
};
struct AtomicCountRow {
  std::uint64_t* counts;
  AtomicCountSlot operator[](int i) const { return AtomicCountSlot{counts + i}; }
};

template <class Showers>
ParticleCounts count_on_cpu(const ParticleSetup<double, Showers>& setup, std::uint32_t step, std::uint64_t first,
                            std::uint64_t count) {
  ParticleCounts out;
  out.tanks = setup.tanks.tanks;
  out.counts.assign(std::size_t(kSpecies) * std::size_t(out.tanks), 0);
  AtomicCountRow row{out.counts.data()};
  std::uint64_t drawn0 = 0, drawn1 = 0, in0 = 0, in1 = 0;
  // Showers differ in size by a factor of 100 (0.1 to 10 PeV): dynamic schedule.
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : drawn0, drawn1, in0, in1)
  for (std::int64_t i = 0; i < std::int64_t(count); ++i) {
    ParticleTally tally;
    count_shower_particles(setup, step, first + std::uint64_t(i), SerialTeam{}, row, tally);
    drawn0 += tally.drawn[0];
    drawn1 += tally.drawn[1];
    in0 += tally.in_tanks[0];
    in1 += tally.in_tanks[1];
  }
  out.totals.drawn[0] = drawn0;
  out.totals.drawn[1] = drawn1;
  out.totals.in_tanks[0] = in0;
  out.totals.in_tanks[1] = in1;
  return out;
}

}  // namespace

ParticleCounts count_particles(const ParticleSetup<double, ShowerSource<double>>& setup, std::uint32_t step,
                               std::uint64_t first, std::uint64_t count) {
  return count_on_cpu(setup, step, first, count);
}

ParticleCounts count_particles(const ParticleSetup<double, FixedShower<double>>& setup, std::uint32_t step,
                               std::uint64_t first, std::uint64_t count) {
  return count_on_cpu(setup, step, first, count);
}

}  // namespace detgrad::swgo
