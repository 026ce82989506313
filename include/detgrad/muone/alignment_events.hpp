#pragma once
// The hits that a misaligned station records (alignment_geometry.hpp): elastic events (the
// incoming muon upstream, the outgoing muon and electron downstream) and through-going beam
// muons (every module). The same transport as event_simulation.hpp (Highland kicks per
// module and target run, counter-based draws keyed by (seed, step, stream, event)); the
// modules are crossed at their true, tilted and bowed surfaces, the target is tilted.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/muone/alignment_geometry.hpp"
#include "detgrad/muone/event_simulation.hpp"
#include "detgrad/muone/station_transport.hpp"

namespace detgrad::muone {

enum class AlignmentEventKind : int { elastic = 0, beam_muon = 1 };

// Philox steps of the two kinds: event i of either kind has its own draws.
constexpr std::uint32_t kElasticAlignmentStep = 0;
constexpr std::uint32_t kBeamMuonAlignmentStep = 1;

template <typename T>
struct AlignmentHits {
  T muon_u[kMaxModules];      // measured coordinate of the (incoming, then outgoing) muon, m
  T electron_u[kMaxModules];  // downstream modules only
  bool muon_present[kMaxModules];
  bool electron_present[kMaxModules];
  T vertex_x, vertex_y, vertex_z;  // truth (elastic events)
  T electron_momentum;             // truth, GeV/c (elastic events)
};

// The hit of a track state at a module's true surface: the state is drifted to the
// surface's centre plane, the crossing found along its local straight line.
template <typename T>
DETGRAD_HDI void measure_misaligned(TrackState<T>& s, const ModuleFixed& f, const ModuleSurface<T>& surface,
                                    const ModuleDesign<T>& d, EventRandom& detector_rng, T& u, bool& present) {
  drift_to(s, surface.c[2]);
  const Line3<T> line = line_through(s.x, s.y, s.z_at, s.tx, s.ty);
  const SurfaceCrossing<T> c = cross_surface(surface, line);
  const T fired = detector_rng.uniform<T>();
  const T noise = detector_rng.normal<T>();
  u = c.a + d.sigma * noise;
  const T half = T(f.half_size);
  present = fired < T(f.efficiency) && std::fabs(c.a - d.offset) < half && std::fabs(c.b) < half;
}

// The z where a track first meets the tilted plane z = mid(x, y) + shift (two fixed-point steps:
// tilts and slopes are milliradians, the second step is exact to 1e-12 m).
template <typename T>
DETGRAD_HDI T tilted_plane_z(const TrackState<T>& s, T z_nominal, const TargetAlignment<T>& a, T shift) {
  T z = z_nominal + a.dz + shift;
  for (int i = 0; i < 2; ++i) {
    const T x = s.x + s.tx * (z - s.z_at), y = s.y + s.ty * (z - s.z_at);
    z = target_mid_z(z_nominal, a, x, y) + shift;
  }
  return z;
}

template <typename T>
DETGRAD_HD void simulate_alignment_event(const StationFixed& fixed, const StationDesign<T>& design,
                                         const StationAlignment<T>& alignment, AlignmentEventKind kind,
                                         std::uint64_t event, AlignmentHits<T>& hits) {
  const std::uint32_t step = kind == AlignmentEventKind::elastic ? kElasticAlignmentStep : kBeamMuonAlignmentStep;
  EventRandom source(fixed.seed, step, RandomStream::source, event);
  EventRandom transport(fixed.seed, step, RandomStream::transport, event);
  EventRandom detector(fixed.seed, step, RandomStream::detector, event);
  EventRandom task(fixed.seed, step, RandomStream::task, event);
  for (int m = 0; m < kMaxModules; ++m) {
    hits.muon_u[m] = hits.electron_u[m] = T(0);
    hits.muon_present[m] = hits.electron_present[m] = false;
  }
  hits.vertex_x = hits.vertex_y = hits.vertex_z = hits.electron_momentum = T(0);

  ModuleSurface<T> surface[kMaxModules];
  for (int m = 0; m < fixed.n_modules; ++m)
    surface[m] = module_surface(fixed.module[m], design.module[m].z, alignment.module[m]);

  TrackState<T> mu = sample_beam_muon<T>(fixed.beam, source);
  for (int m = 0; m < fixed.n_upstream; ++m) {
    measure_misaligned(mu, fixed.module[m], surface[m], design.module[m], detector, hits.muon_u[m], hits.muon_present[m]);
    scatter_module(mu, fixed.module[m], surface[m].c[2], transport);
  }
  const T thickness = design.target.thickness;
  const T x0 = T(fixed.target.radiation_length_m);
  const T z_target = design.target.z;
  drift_to(mu, tilted_plane_z(mu, z_target, alignment.target, T(-0.5) * thickness));

  if (kind == AlignmentEventKind::beam_muon) {
    scatter_slab(mu, thickness, x0, transport);
    for (int m = fixed.n_upstream; m < fixed.n_modules; ++m) {
      measure_misaligned(mu, fixed.module[m], surface[m], design.module[m], detector, hits.muon_u[m],
                         hits.muon_present[m]);
      scatter_module(mu, fixed.module[m], surface[m].c[2], transport);
    }
    return;
  }

  const T mmu = muon_mass<T>(), me = electron_mass<T>();
  const ElasticKinematics<T> k =
      ElasticKinematics<T>::from_energy_momentum(std::sqrt(mu.momentum * mu.momentum + mmu * mmu), mu.momentum);
  const ElasticDraws<T> interaction = sample_interaction(fixed.range, k, task);
  const T depth = interaction.depth_fraction * thickness;
  scatter_slab(mu, depth, x0, transport);
  hits.vertex_x = mu.x;
  hits.vertex_y = mu.y;
  hits.vertex_z = mu.z_at;

  const ElasticFinalState<T> fs = elastic_final_state(k, interaction.q2);
  hits.electron_momentum = fs.electron_momentum;
  TrackState<T> mo = outgoing_state(mu, fs.tan_muon, -interaction.cos_phi, -interaction.sin_phi, fs.muon_momentum, mmu);
  TrackState<T> el = outgoing_state(mu, fs.tan_electron, interaction.cos_phi, interaction.sin_phi, fs.electron_momentum, me);
  const T rest = thickness - depth;
  scatter_slab(mo, rest, x0, transport);
  scatter_slab(el, rest, x0, transport);
  for (int m = fixed.n_upstream; m < fixed.n_modules; ++m) {
    measure_misaligned(mo, fixed.module[m], surface[m], design.module[m], detector, hits.muon_u[m],
                       hits.muon_present[m]);
    measure_misaligned(el, fixed.module[m], surface[m], design.module[m], detector, hits.electron_u[m],
                       hits.electron_present[m]);
    scatter_module(mo, fixed.module[m], surface[m].c[2], transport);
    scatter_module(el, fixed.module[m], surface[m].c[2], transport);
  }
}

}  // namespace detgrad::muone
