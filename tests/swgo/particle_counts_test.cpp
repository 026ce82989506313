#include "detgrad/swgo/particle_counts.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "swgo/core_disc.hpp"
#include "swgo/layout_generators.hpp"
#include "swgo/particle_pass.hpp"
#include "swgo/swgo_tables.hpp"
#include "swgo/tank_grid.hpp"

namespace detgrad::swgo {
namespace {

using detgrad::test::swgo_tables;

TEST(SeekableRandom, DrawsEventRandomsSequence) {
  EventRandom a(0x1234abcdULL, 17, RandomStream::task, 987654321012ULL);
  SeekableRandom b(0x1234abcdULL, 17, RandomStream::task, 987654321012ULL);
  for (int i = 0; i < 101; ++i) ASSERT_EQ(a.next_u32(), b.next_u32()) << i;
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(a.uniform<double>(), b.uniform<double>()) << i;
    ASSERT_EQ(a.normal<float>(), b.normal<float>()) << i;
  }
  EXPECT_EQ(b.position(), 101u + 50u * 3u);
}

TEST(SeekableRandom, SeeksToAnyWord) {
  std::vector<std::uint32_t> words(64);
  EventRandom a(5, 2, RandomStream::task, 9);
  for (auto& w : words) w = a.next_u32();
  SeekableRandom b(5, 2, RandomStream::task, 9);
  for (std::uint64_t w : {37u, 3u, 4u, 63u, 0u, 21u, 22u, 23u, 24u}) {
    b.seek(w);
    EXPECT_EQ(b.next_u32(), words[w]) << w;
    EXPECT_EQ(b.position(), w + 1);
  }
}

// Showers of a source over 217 tanks 5 m apart (cores within 10 m of a tank), all of 0.1 PeV (some 3e5 ground particles
// each).
struct SmallArray {
  Layout layout;
  TankGridStorage grid;
  ParticleSetup<double, ShowerSource<double>> setup;
  SmallArray() {
    LayoutGenerator g;
    g.shape = LayoutShape::hexagonal;
    g.units = 217;
    g.spacing_m = 5.0;
    layout = generate_layout(g);
    build_tank_grid(layout, kTankRadius_m, grid);
    setup.tables = swgo_tables();
    setup.showers = make_shower_source(11, layout.x, layout.y, 10.0);
    setup.showers.energy_max_PeV = setup.showers.energy_min_PeV;
    setup.tanks = grid.grid;
    setup.seed = 11;
  }
};

// The counts of draw_ground_particles (one EventRandom per shower, e/gamma then muons) and
// the tank grid: the particle level as it is drawn shower by shower.
template <class Showers>
ParticleCounts reference_counts(const ParticleSetup<double, Showers>& setup, std::uint32_t step, std::uint64_t first,
                                std::uint64_t count) {
  ParticleCounts out;
  out.tanks = setup.tanks.tanks;
  out.counts.assign(std::size_t(kSpecies * out.tanks), 0);
  for (std::uint64_t e = first; e < first + count; ++e) {
    const Shower<double> sh = setup.showers(step, e);
    const auto image = make_shower_image(setup.tables, sh.primary, sh.energy_PeV, sh.theta, sh.phi, sh.x0, sh.y0, kTankArea_m2);
    EventRandom rng(setup.seed, step, RandomStream::task, e);
    for (int k = 0; k < kSpecies; ++k)
      out.totals.drawn[k] += draw_ground_particles(image, Species(k), rng, [&](double dx, double dy) {
        const int t = setup.tanks.find(sh.x0 + dx, sh.y0 + dy);
        if (t >= 0) {
          ++out.counts[std::size_t(k * out.tanks + t)];
          ++out.totals.in_tanks[k];
        }
      });
  }
  return out;
}

TEST(ParticlePass, ReproducesTheShowerByShowerDrawExactly) {
  const SmallArray a;
  const ParticleCounts ref = reference_counts(a.setup, 3, 100, 12);
  const ParticleCounts cpu = count_particles(a.setup, 3, 100, 12);
  ASSERT_EQ(cpu.tanks, 217);
  EXPECT_EQ(cpu.counts, ref.counts);
  for (int k = 0; k < kSpecies; ++k) {
    EXPECT_EQ(cpu.totals.drawn[k], ref.totals.drawn[k]) << k;
    EXPECT_EQ(cpu.totals.in_tanks[k], ref.totals.in_tanks[k]) << k;
    EXPECT_GT(ref.totals.in_tanks[k], 100u) << k;  // the check sees particles of both species in tanks
  }
}

// The float instantiation (what the CUDA kernel runs) against double on the same showers:
// float rounding may move a particle across a tank edge or flip a Gamma draw's acceptance
// (then the rest of that shower's particles are other draws), so the counts agree within
// statistics, not exactly.
TEST(ParticleCounts, FloatAgreesWithDoubleWithinStatistics) {
  const SmallArray a;
  const ParticleCounts twin = count_particles(a.setup, 5, 0, 12);
  const std::vector<float> x(a.layout.x.begin(), a.layout.x.end()), y(a.layout.y.begin(), a.layout.y.end());
  ParticleSetup<float, ShowerSource<float>> f;
  f.tables = a.setup.tables.cast<float>();
  f.showers = a.setup.showers.cast<float>(x.data(), y.data());
  const TankLookup<double>& g = a.setup.tanks;
  f.tanks = g.cast<float>(x.data(), y.data(), g.cell_start, g.cell_tanks);
  f.seed = a.setup.seed;
  std::vector<std::uint64_t> counts(twin.counts.size());
  std::uint64_t* row = counts.data();
  ParticleTally tally;
  for (std::uint64_t e = 0; e < 12; ++e) count_shower_particles(f, 5, e, SerialTeam{}, row, tally);
  std::size_t same = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    same += counts[i] == twin.counts[i];
    const double n = double(counts[i]), m = double(twin.counts[i]);
    EXPECT_NEAR(n, m, 5 * std::sqrt(n + m)) << "cell " << i;
  }
  for (int k = 0; k < kSpecies; ++k) {
    const double n = double(tally.in_tanks[k]), m = double(twin.totals.in_tanks[k]);
    EXPECT_NEAR(n, m, 5 * std::sqrt(n + m)) << k;
    EXPECT_NEAR(double(tally.drawn[k]), double(twin.totals.drawn[k]), 5 * std::sqrt(double(twin.totals.drawn[k]))) << k;
  }
  std::printf("float and double: %zu of %zu tank counts equal; in tanks %llu / %llu (e/gamma), %llu / %llu (muons)\n",
              same, counts.size(), static_cast<unsigned long long>(tally.in_tanks[0]),
              static_cast<unsigned long long>(twin.totals.in_tanks[0]), static_cast<unsigned long long>(tally.in_tanks[1]),
              static_cast<unsigned long long>(twin.totals.in_tanks[1]));
}

// Lanes run as threads in lock step at every ballot and broadcast: the warp's algorithm on
// the CPU.
class Lockstep {
 public:
  explicit Lockstep(unsigned lanes) : lanes_(lanes), slots_(lanes) {}
  unsigned lanes() const { return lanes_; }
  std::uint32_t exchange(unsigned lane, std::uint32_t value, unsigned from) {
    slots_[lane] = value;
    barrier();
    const std::uint32_t out = slots_[from];
    barrier();
    return out;
  }
  std::uint32_t ballot(unsigned lane, bool p) {
    slots_[lane] = p ? 1u : 0u;
    barrier();
    std::uint32_t mask = 0;
    for (unsigned l = 0; l < lanes_; ++l) mask |= slots_[l] << l;
    if (lane == 0) ++rounds;
    barrier();
    return mask;
  }
  std::uint64_t rounds = 0;

 private:
  void barrier() {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::uint64_t generation = generation_;
    if (++arrived_ == lanes_) {
      arrived_ = 0;
      ++generation_;
      wake_.notify_all();
    } else {
      wake_.wait(lock, [&] { return generation_ != generation; });
    }
  }
  unsigned lanes_;
  std::vector<std::uint32_t> slots_;
  std::mutex mutex_;
  std::condition_variable wake_;
  unsigned arrived_ = 0;
  std::uint64_t generation_ = 0;
};

struct ThreadTeam {
  Lockstep* s;
  unsigned lane_;
  unsigned lane() const { return lane_; }
  unsigned lanes() const { return s->lanes(); }
  std::uint32_t ballot(bool p) const { return s->ballot(lane_, p); }
  unsigned first(std::uint32_t mask) const { return unsigned(__builtin_ctz(mask)); }
  std::uint32_t broadcast(std::uint32_t v, unsigned from) const { return s->exchange(lane_, v, from); }
};

struct AtomicRow {
  std::vector<std::atomic<std::uint64_t>>* counts;
  std::atomic<std::uint64_t>& operator[](int i) const { return (*counts)[std::size_t(i)]; }
};

// Profile particles of shower `event` (the Poisson counts before the 2 m thinning): what the
// team's rounds go through.
template <class Showers>
std::uint64_t profile_particles_of(const ParticleSetup<double, Showers>& setup, std::uint32_t step, std::uint64_t event) {
  const Shower<double> sh = setup.showers(step, event);
  const auto image = make_shower_image(setup.tables, sh.primary, sh.energy_PeV, sh.theta, sh.phi, sh.x0, sh.y0, kTankArea_m2);
  SeekableRandom rng(setup.seed, step, RandomStream::task, event);
  std::vector<std::uint64_t> counts(std::size_t(kSpecies * setup.tanks.tanks));
  std::uint64_t* row = counts.data();
  ParticleTally tally;
  std::uint64_t word = 0, n = 0;
  for (int k = 0; k < kSpecies; ++k) {
    rng.seek(word);
    n += poisson_draw(rng, profile_particles(density_profile(Species(k), image.ldf[k])));
    count_species_particles(image, Species(k), setup.tanks, rng, word, SerialTeam{}, row, tally);
  }
  return n;
}

TEST(ParticleCounts, ATeamOfLanesDrawsTheSequentialParticles) {
  const SmallArray a;
  // An inclined 0.1 PeV proton (some 4e4 particles) at the array's centre.
  ParticleSetup<double, FixedShower<double>> setup;
  setup.tables = a.setup.tables;
  setup.showers.shower = {Primary::proton, 0.1, 1.0, 2.0, 0.0, 0.0, 1};
  setup.tanks = a.setup.tanks;
  setup.seed = 3;
  const ParticleCounts ref = reference_counts(setup, 0, 7, 1);
  ASSERT_GT(ref.totals.in_tanks[0], 100u);
  ASSERT_GT(ref.totals.in_tanks[1], 10u);
  const std::uint64_t profile = profile_particles_of(setup, 0, 7);
  for (unsigned lanes : {32u, 5u}) {
    Lockstep lockstep(lanes);
    std::vector<std::atomic<std::uint64_t>> counts(ref.counts.size());
    std::vector<ParticleTally> tallies(lanes);
    std::vector<std::thread> threads;
    for (unsigned l = 0; l < lanes; ++l)
      threads.emplace_back([&, l] {
        AtomicRow row{&counts};
        count_shower_particles(setup, 0, 7, ThreadTeam{&lockstep, l}, row, tallies[l]);
      });
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < counts.size(); ++i) ASSERT_EQ(counts[i].load(), ref.counts[i]) << lanes << " lanes, cell " << i;
    for (int k = 0; k < kSpecies; ++k) {
      std::uint64_t drawn = 0, in_tanks = 0;
      for (const auto& t : tallies) {
        drawn += t.drawn[k];
        in_tanks += t.in_tanks[k];
      }
      EXPECT_EQ(drawn, ref.totals.drawn[k]) << lanes << " lanes, species " << k;
      EXPECT_EQ(in_tanks, ref.totals.in_tanks[k]) << lanes << " lanes, species " << k;
    }
    // The speculation keeps most lanes' particles: one ballot a round.
    const double per_round = double(profile) / double(lockstep.rounds);
    std::printf("%u lanes: %llu profile particles in %llu rounds, %.2f a round\n", lanes,
                static_cast<unsigned long long>(profile), static_cast<unsigned long long>(lockstep.rounds), per_round);
    EXPECT_GT(per_round, 0.5 * lanes) << lanes;
  }
}

}  // namespace
}  // namespace detgrad::swgo
