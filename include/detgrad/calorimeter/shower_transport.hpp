#pragma once
// Transport of one electromagnetic shower, particle by particle, through a stack of slabs
// (per shower, host and device: the CPU pass and the CUDA kernel call transport_shower).
//
// e+- (class II condensed history): continuous energy loss (collision + bremsstrahlung
// below the photon cut) with Bohr-variance Gamma fluctuations (em_interactions.hpp),
// multiple scattering by the engine's step-independent Highland code
// (physics/multiple_scattering.hpp: the run is the particle's path in its slab, bounded by
// its range), discrete bremsstrahlung above the photon cut, positron annihilation at rest
// into two 511 keV photons. Steps end at a slab face, at a bremsstrahlung, or after 20 % of
// the range (the whole range below kFinalRange_m). Below `range_rejection_GeV` an e+- whose
// range is shorter than the distance to the nearest face deposits its energy on the spot.
// Photons: pair production, Compton scattering, photoelectric absorption (the photoelectron
// along the photon). Muons: continuous ionisation with fluctuations and scattering.
// Particles below their cut deposit their kinetic energy on the spot (a positron then
// annihilates). Pair products and bremsstrahlung photons keep the parent's direction
// (their angles are of order m_e / E).
//
// Random numbers: the particle with serial n of shower s draws from
// EventRandom(seed, step, transport, (n << 32) | s); the primary is serial 0 and every
// pushed particle takes the next serial, so a shower replays identically on any executor.
//
// The tally receives every deposit and escape:
//   tally.deposit(slab, position, energy, DepositKind, time), tally.escape(particle, available energy);
// time in ns since the primary entered the front face (the particle's flight at its speed).
#include <cmath>
#include <cstdint>

#include "detgrad/calorimeter/em_interactions.hpp"
#include "detgrad/calorimeter/em_medium.hpp"
#include "detgrad/calorimeter/layer_stack.hpp"
#include "detgrad/calorimeter/path_length.hpp"
#include "detgrad/calorimeter/shower_particle.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/physics/multiple_scattering.hpp"

namespace detgrad::calorimeter {

enum class DepositKind : int { continuous = 0, below_cut = 1 };

template <typename T>
struct TransportSettings {
  T electron_cut_GeV;     // kinetic, e+- and muons
  T photon_cut_GeV;       // photon tracking and bremsstrahlung production
  T range_rejection_GeV;  // e+- below it that cannot leave their slab stop on the spot
  std::uint64_t seed;
  std::uint32_t step;     // optimisation step of the random numbers (0 outside optimisation)
};

constexpr double kStepRangeFraction = 0.2;  // largest step, as a fraction of the range (Geant4's default dRoverRange)
constexpr double kFinalRange_m = 1e-4;      // below this range an e+- finishes in one step

struct ShowerCounters {
  std::uint64_t steps = 0;      // transport steps of all particles
  std::uint64_t particles = 0;  // particles transported (primary included)
  int max_stack_depth = 0;
  int overflows = 0;            // particles deposited because the stack was full (never expected)
};

template <typename T>
DETGRAD_HDI T available_energy(const ShowerParticle<T>& p) {
  return p.type == ParticleType::positron ? p.energy + T(2 * kElectronMass_GeV) : p.energy;
}

namespace transport_detail {

template <typename T>
DETGRAD_HDI T rest_mass(ParticleType t) {
  return t == ParticleType::muon ? T(units::kMuonMass_GeV) : T(kElectronMass_GeV);
}

// Everything one shower's transport shares.
template <typename T, typename Tally>
struct Cascade {
  const EmTables<T>& tables;
  const LayerStack<T>& stack;
  const TransportSettings<T>& settings;
  std::uint64_t shower;
  Tally& tally;
  ParticleStack<T>& pending;
  ShowerCounters& counters;
  std::uint32_t next_serial = 1;

  DETGRAD_HD EventRandom random_for(std::uint32_t serial) const {
    return EventRandom(settings.seed, settings.step, RandomStream::transport,
                       (std::uint64_t(serial) << 32) | (shower & 0xffffffffull));
  }
  DETGRAD_HD T cut_for(ParticleType t) const {
    return t == ParticleType::photon ? settings.photon_cut_GeV : settings.electron_cut_GeV;
  }

  // Two back-to-back 511 keV photons, isotropic, from a positron at rest.
  DETGRAD_HD int annihilate_at_rest(const ShowerParticle<T>& p, ShowerParticle<T>* products, EventRandom& rng) {
    const Vec3<T> d = isotropic_direction<T>(rng);
    products[0] = ShowerParticle<T>{p.position, d, T(kElectronMass_GeV), p.slab, 0u, ParticleType::photon, p.time};
    products[1] = ShowerParticle<T>{p.position, -d, T(kElectronMass_GeV), p.slab, 0u, ParticleType::photon, p.time};
    return 2;
  }

  // A particle whose kinetic energy ends on the spot (below its cut, or stopped): the
  // energy to the tally; a positron's annihilation photons into products. Returns their number.
  DETGRAD_HD int end_on_spot(const ShowerParticle<T>& p, DepositKind kind, ShowerParticle<T>* products,
                             EventRandom& rng) {
    if (p.energy > T(0)) tally.deposit(p.slab, p.position, p.energy, kind, p.time);
    if (p.type == ParticleType::positron) return annihilate_at_rest(p, products, rng);
    return 0;
  }

  // Keeps the products above their cuts and every positron (one below its cut ends at
  // once when followed, into its annihilation photons); the others end on the spot. Then:
  // none left: false; one: it becomes `current`; two: the one of larger available energy is
  // pushed (next serial), the other becomes `current`.
  DETGRAD_HD bool continue_with(ShowerParticle<T>* products, int n, ShowerParticle<T>& current) {
    ShowerParticle<T> kept[2];
    int k = 0;
    for (int i = 0; i < n; ++i) {
      ShowerParticle<T>& p = products[i];
      if (p.energy >= cut_for(p.type) || p.type == ParticleType::positron) {
        kept[k++] = p;
      } else if (p.energy > T(0)) {
        tally.deposit(p.slab, p.position, p.energy, DepositKind::below_cut, p.time);
      }
    }
    if (k == 0) return false;
    if (k == 1) {
      current = kept[0];
      return true;
    }
    const bool first_larger = available_energy(kept[0]) >= available_energy(kept[1]);
    ShowerParticle<T> larger = first_larger ? kept[0] : kept[1];
    current = first_larger ? kept[1] : kept[0];
    larger.serial = next_serial++;
    if (!pending.push(larger)) {  // never expected (shower_particle.hpp's bound)
      ++counters.overflows;
      tally.deposit(larger.slab, larger.position, available_energy(larger), DepositKind::below_cut, larger.time);
    }
    if (pending.size > counters.max_stack_depth) counters.max_stack_depth = pending.size;
    return true;
  }

  // Crosses the face `face` (+-1) of the current slab, or escapes (face 0, or out of the
  // stack): false when the particle has left.
  DETGRAD_HD bool cross(ShowerParticle<T>& p, int face) {
    const int next = p.slab + face;
    if (face == 0 || next < 0 || next >= stack.slab_count) {
      tally.escape(p, available_energy(p));
      return false;
    }
    p.position.z = face > 0 ? stack.slabs[p.slab].z_high : stack.slabs[p.slab].z_low;
    p.slab = next;
    return true;
  }

  // Follows a photon until it interacts, leaves or ends; products of its interaction, if any.
  DETGRAD_HD int photon(ShowerParticle<T>& p, ShowerParticle<T>* products, EventRandom& rng) {
    if (p.energy < settings.photon_cut_GeV) return end_on_spot(p, DepositKind::below_cut, products, rng);
    for (;;) {
      ++counters.steps;
      const int medium = stack.slabs[p.slab].medium;
      const T pair = tables.lookup(medium, kPairCrossSection, p.energy);
      const T compton = tables.lookup(medium, kComptonCrossSection, p.energy);
      const T photo = tables.lookup(medium, kPhotoCrossSection, p.energy);
      const T total = pair + compton + photo;
      const T free_path = -std::log(rng.uniform<T>()) / total;
      const BoundaryDistance<T> b = distance_to_boundary(stack, p.slab, p.position, p.direction);
      if (free_path >= b.distance) {
        p.position += b.distance * p.direction;
        p.time += b.distance / T(kSpeedOfLight_m_per_ns);
        if (!cross(p, b.face)) return 0;
        continue;
      }
      p.position += free_path * p.direction;
      p.time += free_path / T(kSpeedOfLight_m_per_ns);
      const T choice = rng.uniform<T>() * total;
      const T me = T(kElectronMass_GeV);
      if (choice < pair) {
        const T eps = sample_pair_fraction(tables.media[medium], p.energy, rng);
        const T electron = eps * p.energy - me;
        products[0] = ShowerParticle<T>{p.position, p.direction, electron, p.slab, 0u, ParticleType::electron, p.time};
        products[1] = ShowerParticle<T>{p.position, p.direction, p.energy - T(2) * me - electron, p.slab, 0u,
                                        ParticleType::positron, p.time};
        return 2;
      }
      if (choice < pair + compton) {
        T eps, cos_theta;
        sample_compton(p.energy, rng, eps, cos_theta);
        const T scattered = eps * p.energy;
        const Vec3<T> d_photon = deflect(p.direction, cos_theta, rng);
        // The electron takes the momentum k d - k' d' and the energy k - k'.
        const Vec3<T> q = p.energy * p.direction - scattered * d_photon;
        const T qn = norm(q);
        const Vec3<T> d_electron = qn > T(0) ? (T(1) / qn) * q : p.direction;
        products[0] = ShowerParticle<T>{p.position, d_photon, scattered, p.slab, 0u, ParticleType::photon, p.time};
        products[1] = ShowerParticle<T>{p.position, d_electron, p.energy - scattered, p.slab, 0u,
                                        ParticleType::electron, p.time};
        return 2;
      }
      products[0] = ShowerParticle<T>{p.position, p.direction, p.energy, p.slab, 0u, ParticleType::electron, p.time};
      return 1;
    }
  }

  // Follows a charged particle until it radiates, leaves or ends; the products.
  DETGRAD_HD int charged(ShowerParticle<T>& p, ShowerParticle<T>* products, EventRandom& rng) {
    const bool muon = p.type == ParticleType::muon, positron = p.type == ParticleType::positron;
    const int dedx_col = muon ? kDedxMuon : (positron ? kDedxPositron : kDedxElectron);
    const int range_col = muon ? kRangeMuon : (positron ? kRangePositron : kRangeElectron);
    const T mass = rest_mass<T>(p.type);
    T mean_free_paths = -std::log(rng.uniform<T>());  // to the next bremsstrahlung
    int run_slab = -1;
    T run_log_factor = T(0);
    for (;;) {
      if (p.energy < settings.electron_cut_GeV) return end_on_spot(p, DepositKind::below_cut, products, rng);
      ++counters.steps;
      const Slab<T>& slab = stack.slabs[p.slab];
      const EmMedium<T>& medium = tables.media[slab.medium];
      const T range = tables.lookup(slab.medium, range_col, p.energy);
      if (!muon && p.energy < settings.range_rejection_GeV &&
          range < safety_distance(stack, p.slab, p.position))
        return end_on_spot(p, DepositKind::continuous, products, rng);
      const BoundaryDistance<T> b = distance_to_boundary(stack, p.slab, p.position, p.direction);
      const T gamma0 = T(1) + p.energy / mass;
      const T beta2 = T(1) - T(1) / (gamma0 * gamma0);
      const T beta = std::sqrt(beta2);
      if (run_slab != p.slab) {  // a new run of one medium: Highland's log term of its length
        run_slab = p.slab;
        const T run = b.distance < range ? b.distance : range;
        run_log_factor = highland_log_factor(run / medium.radiation_length_m, beta);
      }
      const T brem = muon ? T(0) : tables.lookup(slab.medium, kBremCrossSection, p.energy);
      const T to_brem = brem > T(0) ? mean_free_paths / brem : T(1e30);
      T to_loss = range;
      if (range > T(kFinalRange_m)) {
        to_loss = T(kStepRangeFraction) * range;
        if (to_loss < T(kFinalRange_m)) to_loss = T(kFinalRange_m);
      }
      // Steps are true path lengths; the face is b.distance away along the direction, which
      // the particle reaches on average after the longer path true_path_for_advance (never
      // when the face is beyond one transport mean free path).
      const T bp0 = p.energy * (p.energy + T(2) * mass) / (p.energy + mass);
      const T lambda1 = transport_mean_free_path(bp0, medium.radiation_length_m, run_log_factor);
      const T to_face = true_path_for_advance(b.distance, lambda1);
      T step = to_face >= T(0) ? to_face : T(1e30);
      int limit = 0;  // 0 boundary, 1 bremsstrahlung, 2 energy loss
      if (to_brem < step) { step = to_brem; limit = 1; }
      if (to_loss < step) { step = to_loss; limit = 2; }
      // Mean loss at the step's mid-point energy, then its fluctuation; the whole energy if
      // the step reaches the end of the range.
      T loss = p.energy;
      if (step < range) {
        const T dedx0 = tables.lookup(slab.medium, dedx_col, p.energy);
        T mid = p.energy - T(0.5) * step * dedx0;
        mid = mid > T(0.5) * p.energy ? mid : T(0.5) * p.energy;
        const T mean = step * tables.lookup(slab.medium, dedx_col, mid);
        T t_max = p.energy;  // Bhabha (e+); Moller (e-): half, the identical particles
        if (!positron) t_max = T(0.5) * p.energy;
        if (muon) {
          const T ratio = T(kElectronMass_GeV) / mass;
          t_max = T(2 * kElectronMass_GeV) * beta2 * gamma0 * gamma0 /
                  (T(1) + T(2) * gamma0 * ratio + ratio * ratio);
        }
        const T variance = medium.bohr_factor_GeV_m * step * t_max * (T(1) - T(0.5) * beta2) / beta2;
        loss = sample_energy_loss(mean, variance, rng);
        if (loss > p.energy) loss = p.energy;
      }
      // Multiple scattering over the step (the run's log factor, beta p at both ends) about
      // the mean advance: the face exactly, or the advance of the step's true path.
      const T after = p.energy - loss;
      const T bp1 = after > T(0) ? after * (after + T(2) * mass) / (after + mass) : T(0.5) * bp0;
      const T variance = highland_step_variance(bp0, bp1 > T(0) ? bp1 : T(0.5) * bp0, step,
                                                medium.radiation_length_m, run_log_factor);
      const T advance = limit == 0 ? b.distance : geometric_advance(step, lambda1);
      const Vec3<T> start = p.position;
      scatter(p, advance, variance, limit == 0, rng);
      // The flight time over the step at the mean of the speeds at its ends; the loss
      // deposited at its middle.
      const T gamma1 = T(1) + after / mass;
      const T beta1 = after > T(0) ? std::sqrt(T(1) - T(1) / (gamma1 * gamma1)) : T(0);
      const T flight = step / (T(0.5) * (beta + beta1) * T(kSpeedOfLight_m_per_ns));
      tally.deposit(p.slab, T(0.5) * (start + p.position), loss, DepositKind::continuous, p.time + T(0.5) * flight);
      p.time += flight;
      p.energy = after;
      if (p.energy < settings.electron_cut_GeV) return end_on_spot(p, DepositKind::below_cut, products, rng);
      if (limit == 0) {
        if (!cross(p, b.face)) return 0;
        mean_free_paths -= step * brem;
        continue;
      }
      if (limit == 2) {
        mean_free_paths -= step * brem;
        continue;
      }
      // Bremsstrahlung above the photon cut.
      const T k = sample_brem_photon(medium, p.energy, settings.photon_cut_GeV, rng);
      products[0] = ShowerParticle<T>{p.position, p.direction, k, p.slab, 0u, ParticleType::photon, p.time};
      products[1] = p;
      products[1].energy = p.energy - k;
      return 2;
    }
  }

  // Straight step with the scattering of variance `variance` per projection: angle always;
  // lateral displacement only inside the slab (`on_face`: the step ends on a face, where the
  // position must stay). The position is kept inside the slab and the stack.
  DETGRAD_HD void scatter(ShowerParticle<T>& p, T step, T variance, bool on_face, EventRandom& rng) {
    p.position += step * p.direction;
    if (!(variance > T(0))) return;
    const T theta = std::sqrt(variance);
    T a1, a2, b1, b2;
    rng.normal_pair(a1, a2);
    rng.normal_pair(b1, b2);
    const ProjectedKick<T> k1 = joint_gaussian_kick(step, theta, a1, a2);
    const ProjectedKick<T> k2 = joint_gaussian_kick(step, theta, b1, b2);
    Vec3<T> e1, e2;
    perpendicular_axes(p.direction, e1, e2);
    if (!on_face) {
      p.position += k1.displacement_m * e1 + k2.displacement_m * e2;
      const Slab<T>& s = stack.slabs[p.slab];
      const T w = stack.half_width_m;
      p.position.z = p.position.z < s.z_low ? s.z_low : (p.position.z > s.z_high ? s.z_high : p.position.z);
      p.position.x = p.position.x < -w ? -w : (p.position.x > w ? w : p.position.x);
      p.position.y = p.position.y < -w ? -w : (p.position.y > w ? w : p.position.y);
    }
    // The space angle of the two projected angles, turned about the direction (a Gaussian
    // in each projection for small angles; wraps round for the large angles of slow e+-).
    const T space = std::sqrt(k1.angle_rad * k1.angle_rad + k2.angle_rad * k2.angle_rad);
    if (!(space > T(0))) return;
    const T c = std::cos(space), s = std::sin(space);
    p.direction = normalized(c * p.direction + (s / space) * (k1.angle_rad * e1 + k2.angle_rad * e2));
  }
};

}  // namespace transport_detail

// Transports one shower from its primary; the tally gets every deposit and escape.
template <typename T, typename Tally>
DETGRAD_HD ShowerCounters transport_shower(const EmTables<T>& tables, const LayerStack<T>& stack,
                                           const TransportSettings<T>& settings, std::uint64_t shower,
                                           ShowerParticle<T> primary, Tally& tally) {
  ShowerCounters counters;
  ParticleStack<T> pending;
  transport_detail::Cascade<T, Tally> cascade{tables, stack, settings, shower, tally, pending, counters};
  primary.serial = 0;
  pending.push(primary);
  counters.max_stack_depth = 1;
  ShowerParticle<T> products[2];
  while (pending.size > 0) {
    ShowerParticle<T> current = pending.pop();
    EventRandom rng = cascade.random_for(current.serial);
    bool alive = true;
    while (alive) {
      ++counters.particles;
      const int n = current.type == ParticleType::photon ? cascade.photon(current, products, rng)
                                                         : cascade.charged(current, products, rng);
      alive = n > 0 && cascade.continue_with(products, n, current);
    }
  }
  return counters;
}

}  // namespace detgrad::calorimeter
