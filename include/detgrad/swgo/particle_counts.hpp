#pragma once
// Particle-level mode, per shower (docs/swgo.md): every ground particle of both species drawn
// as draw_ground_particles (ground_particles.hpp) draws them and counted in the tank it falls
// in, `row[species * tanks + tank] += 1`. One function for the CPU pass (host/swgo/
// particle_pass.hpp: a team of one lane) and the CUDA kernel (kernels/swgo_particles.cu: a
// warp of 32 lanes per shower).
//
// Random numbers: the particles of shower e of step s come from one sequence keyed by
// (seed, s, task stream, e), the e/gamma first, then the muons, in the order of
// draw_ground_particles: N ~ Poisson(profile particles), then per particle a Gamma variate
// (Marsaglia-Tsang: 3 words when its first try is accepted, more after a rejection) and its
// azimuth (1 word); then the 2 m disc's Poisson count and 2 words per disc particle.
//
// Teams. A team of L lanes draws L particles at once from that one sequence, speculatively:
// lane l assumes that the particles before it took the usual 4 words each and starts at word
// w + 4 l. After the round, the first lane whose particle took another number of words
// (ballot) is the last whose start was right: lanes up to it keep their particles, the
// others' work is dropped, and the next round starts after it (the words it took are
// broadcast from it). The Gamma draws' shapes 2 / p2 lie between 6 and 10, where Marsaglia
// and Tsang's first try is almost always accepted: a team of 32 keeps 30.4 particles a round
// (an inclined 0.1 PeV proton's 38824 particles, tests/swgo/particle_counts_test.cpp). The
// counts are those of the sequential draw, whatever the team's size; a team of one is the
// sequential draw.
// Particles of the 2 m disc take 2 words each, so lane l simply draws disc particles
// l, l + L, ...
//
// A Team provides lane(), lanes(), ballot(bool) (a bit per lane), first(mask) (the lowest
// lane of a non-zero mask) and broadcast(value, lane), all lanes calling them together.
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/swgo/counting.hpp"
#include "detgrad/swgo/ground_particles.hpp"
#include "detgrad/swgo/ldf.hpp"
#include "detgrad/swgo/seekable_random.hpp"
#include "detgrad/swgo/shower_source.hpp"
#include "detgrad/swgo/tank_lookup.hpp"
#include "detgrad/swgo/unit_response.hpp"

namespace detgrad::swgo {

// Words of the random sequence a profile particle takes when its Gamma draw is accepted at
// the first try: two uniforms for the normal, one for the acceptance, one for the azimuth.
constexpr std::uint32_t kParticleWords = 4;
constexpr std::uint32_t kDiscParticleWords = 2;  // radius, azimuth

// The sequential team (CPU): one lane.
struct SerialTeam {
  DETGRAD_HD unsigned lane() const { return 0u; }
  DETGRAD_HD unsigned lanes() const { return 1u; }
  DETGRAD_HD std::uint32_t ballot(bool p) const { return p ? 1u : 0u; }
  DETGRAD_HD unsigned first(std::uint32_t) const { return 0u; }
  DETGRAD_HD std::uint32_t broadcast(std::uint32_t v, unsigned) const { return v; }
};

// The same shower for every event (tests against the expected counts of one geometry).
template <typename T>
struct FixedShower {
  Shower<T> shower;
  DETGRAD_HD Shower<T> operator()(std::uint32_t, std::uint64_t) const { return shower; }
};

// Showers (a ShowerSource or a FixedShower), shower model and tanks; trivially copyable.
template <typename T, class Showers>
struct ParticleSetup {
  LdfTables<T> tables;
  Showers showers;
  TankLookup<T> tanks;
  std::uint64_t seed = 0;            // of the particles' sequences
  int species_begin = 0, species_end = kSpecies;  // the species drawn (both by default)
};

// Particles of one lane: drawn on the ground, and of those, in a tank.
struct ParticleTally {
  std::uint64_t drawn[kSpecies] = {0, 0};
  std::uint64_t in_tanks[kSpecies] = {0, 0};
};

// One species of one shower; `word` is where its draws start in the shower's sequence (the
// same on every lane) and is moved past them.
template <typename T, class Team, class Row>
DETGRAD_HD void count_species_particles(const ShowerImage<T>& s, Species species, const TankLookup<T>& tanks,
                                        SeekableRandom& rng, std::uint64_t& word, const Team& team, Row& row,
                                        ParticleTally& tally) {
  const int k = int(species);
  const DensityProfile<T> d = density_profile(species, s.ldf[k]);
  const T shape = T(2) / d.power, inv_power = T(1) / d.power;
  const T inv_cos = T(1) / s.axis.cos_theta;
  const T Rmin = T(kMinDistance_m);
  const int base = k * tanks.tanks;
  const auto emit = [&](T R, T turn) {
    T dx, dy;
    ground_offset(s.axis, inv_cos, R, turn, dx, dy);
    ++tally.drawn[k];
    const int t = tanks.find(s.axis.x0 + dx, s.axis.y0 + dy);
    if (t >= 0) {
      row[base + t] += 1;
      ++tally.in_tanks[k];
    }
  };
  const unsigned lane = team.lane(), lanes = team.lanes();

  // The two Poisson counts per species are drawn in double whatever T: with means up to
  // 2e7, PTRS's log-probability test (terms of order mean ln mean) would lose every digit in
  // float. The draws take the same words either way.
  rng.seek(word);
  const std::uint64_t n = poisson_draw(rng, double(profile_particles(d)));
  word = rng.position();
  for (std::uint64_t done = 0; done < n;) {
    const std::uint64_t start = word + std::uint64_t(kParticleWords) * lane;
    const bool active = done + lane < n;
    T R = T(0), turn = T(0);
    std::uint32_t used = kParticleWords;
    if (active) {
      rng.seek(start);
      R = profile_distance(d, shape, inv_power, rng);
      turn = rng.template uniform<T>();
      used = std::uint32_t(rng.position() - start);
    }
    const std::uint32_t off = team.ballot(active && used != kParticleWords);
    const std::uint64_t left = n - done;
    const unsigned last = off ? team.first(off) : unsigned((left < lanes ? left : lanes) - 1);
    const std::uint32_t last_used = team.broadcast(used, last);
    if (active && lane <= last && R >= Rmin) emit(R, turn);
    done += last + 1;
    word += std::uint64_t(kParticleWords) * last + last_used;
  }

  rng.seek(word);
  const std::uint64_t inner = poisson_draw(rng, double(clamp_disc_particles(d)));
  word = rng.position();
  for (std::uint64_t j = lane; j < inner; j += lanes) {
    rng.seek(word + std::uint64_t(kDiscParticleWords) * j);
    const T R = clamp_disc_distance<T>(rng);
    emit(R, rng.template uniform<T>());
  }
  word += std::uint64_t(kDiscParticleWords) * inner;
}

// Shower `event` of `step`: its particles (species_begin to species_end) counted per tank.
template <typename T, class Showers, class Team, class Row>
DETGRAD_HD void count_shower_particles(const ParticleSetup<T, Showers>& setup, std::uint32_t step, std::uint64_t event,
                                       const Team& team, Row& row, ParticleTally& tally) {
  const Shower<T> sh = setup.showers(step, event);
  const ShowerImage<T> image =
      make_shower_image(setup.tables, sh.primary, sh.energy_PeV, sh.theta, sh.phi, sh.x0, sh.y0, T(kTankArea_m2));
  SeekableRandom rng(setup.seed, step, RandomStream::task, event);
  std::uint64_t word = 0;
  for (int k = setup.species_begin; k < setup.species_end; ++k)
    count_species_particles(image, Species(k), setup.tanks, rng, word, team, row, tally);
}

}  // namespace detgrad::swgo
