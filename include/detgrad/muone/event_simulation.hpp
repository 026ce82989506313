#pragma once
// The forward simulation of one event: beam muon, upstream hits, the target up to the
// vertex, the elastic interaction, both outgoing particles through the rest of the target
// and the downstream modules, their hits. Counter-based draws keyed by (seed, step, stream,
// event): any event is regenerated identically anywhere.
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "detgrad/muone/event_generator.hpp"
#include "detgrad/muone/station.hpp"
#include "detgrad/muone/station_transport.hpp"

namespace detgrad::muone {

template <typename T>
struct SimulatedEvent {
  TrackState<T> beam;          // on the generation plane
  TrackState<T> incoming;      // the muon just before the interaction (at the vertex)
  T vertex_z;                  // m
  ElasticDraws<T> interaction;
  T tan_electron, tan_muon;    // true polar angles about the incoming muon (tangents)
  T electron_momentum, muon_momentum;  // just after the interaction, GeV/c
  T electron_energy_fraction;  // kept after bremsstrahlung in the target (1 without)
  TrackState<T> electron_out, muon_out;  // just after the target
  T weight;                    // n_e L sigma: probability of the event per beam muon
  ModuleHit<T> muon_hit[kMaxModules];      // incoming (upstream modules), outgoing (downstream)
  ModuleHit<T> electron_hit[kMaxModules];  // downstream modules only (upstream: not present)
};

template <typename T>
DETGRAD_HDI TrackState<T> outgoing_state(const TrackState<T>& in, T tan_theta, T cos_phi, T sin_phi, T momentum,
                                         T mass) {
  TrackState<T> s = in;
  rotate_into_frame(in.tx, in.ty, tan_theta, cos_phi, sin_phi, s.tx, s.ty);
  s.momentum = momentum;
  s.beta = momentum / std::sqrt(momentum * momentum + mass * mass);
  return s;
}

template <typename T>
DETGRAD_HD void simulate_event(const StationFixed& fixed, const StationDesign<T>& design, std::uint32_t step,
                               std::uint64_t event, SimulatedEvent<T>& ev) {
  EventRandom source(fixed.seed, step, RandomStream::source, event);
  EventRandom transport(fixed.seed, step, RandomStream::transport, event);
  EventRandom detector(fixed.seed, step, RandomStream::detector, event);
  EventRandom task(fixed.seed, step, RandomStream::task, event);

  ev.beam = sample_beam_muon<T>(fixed.beam, source);
  TrackState<T> mu = ev.beam;
  for (int m = 0; m < fixed.n_upstream; ++m) {
    drift_to(mu, design.module[m].z);
    ev.muon_hit[m] = measure(mu, fixed.module[m], design.module[m], detector);
    ev.electron_hit[m] = ModuleHit<T>{T(0), T(0), T(0), false};
    scatter_module(mu, fixed.module[m], design.module[m].z, transport);
  }

  const T thickness = design.target.thickness;
  const T front = design.target.z - T(0.5) * thickness;
  const T mmu = muon_mass<T>(), me = electron_mass<T>();
  const ElasticKinematics<T> k =
      ElasticKinematics<T>::from_energy_momentum(std::sqrt(mu.momentum * mu.momentum + mmu * mmu), mu.momentum);
  ev.interaction = sample_interaction(fixed.range, k, task);
  const T depth = ev.interaction.depth_fraction * thickness;
  ev.vertex_z = front + depth;
  ev.weight = T(fixed.target.electron_density_per_m3) * thickness * ev.interaction.sigma_m2;

  const T x0 = T(fixed.target.radiation_length_m);
  drift_to(mu, front);
  scatter_slab(mu, depth, x0, transport);
  ev.incoming = mu;

  const ElasticFinalState<T> f = elastic_final_state(k, ev.interaction.q2);
  ev.tan_electron = f.tan_electron;
  ev.tan_muon = f.tan_muon;
  ev.electron_momentum = f.electron_momentum;
  ev.muon_momentum = f.muon_momentum;
  const T cphi = ev.interaction.cos_phi, sphi = ev.interaction.sin_phi;
  TrackState<T> mo = outgoing_state(mu, f.tan_muon, -cphi, -sphi, f.muon_momentum, mmu);
  TrackState<T> el = outgoing_state(mu, f.tan_electron, cphi, sphi, f.electron_momentum, me);

  const T rest = thickness - depth;
  scatter_slab(mo, rest, x0, transport);
  scatter_slab(el, rest, x0, transport);
  ev.electron_energy_fraction = T(1);
  if (fixed.bremsstrahlung == Bremsstrahlung::on) {
    // The radiated energy is taken at the end of the target: the scattering in the target
    // uses the momentum at the vertex (a conservative choice for the electron's kicks after it).
    ev.electron_energy_fraction = bremsstrahlung_energy_fraction(rest / x0, task);
    const T e = (f.electron_energy * ev.electron_energy_fraction);
    const T p2 = e * e - me * me;
    el.momentum = std::sqrt(p2 > T(0) ? p2 : T(0));
    el.beta = el.momentum / (e > T(0) ? e : T(1));
  }
  ev.muon_out = mo;
  ev.electron_out = el;

  for (int m = fixed.n_upstream; m < fixed.n_modules; ++m) {
    const T z = design.module[m].z;
    drift_to(mo, z);
    drift_to(el, z);
    ev.muon_hit[m] = measure(mo, fixed.module[m], design.module[m], detector);
    ev.electron_hit[m] = measure(el, fixed.module[m], design.module[m], detector);
    scatter_module(mo, fixed.module[m], z, transport);
    scatter_module(el, fixed.module[m], z, transport);
  }
}

}  // namespace detgrad::muone
