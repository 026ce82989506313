#pragma once
// Generation of one muon on the generation plane from the study's source (cosmic or
// beam), from the event's source random stream.
#include "detgrad/core/random.hpp"
#include "detgrad/physics/muon_kinematics.hpp"
#include "detgrad/tomography/transport/muon_track.hpp"
#include "detgrad/tomography/transport/transport_setup.hpp"

namespace detgrad {

template <typename T>
struct MuonState {
  Vec3<T> position;
  Vec3<T> direction;  // unit vector
  T kinetic_GeV;
  bool alive;
};

template <typename T>
DETGRAD_HD MuonState<T> generate_muon(const TransportSetup& s, std::uint64_t event, MuonTrack<T>& track) {
  EventRandom rng(s.seed, s.step, RandomStream::source, event);
  MuonState<T> m;
  m.alive = true;
  T momentum;
  if (s.source_kind == SourceKind::cosmic) {
    const GeneratedMuon<T> g = s.cosmic.template sample<T>(rng);
    const T ux = rng.uniform<T>(), uy = rng.uniform<T>();
    const T x = T(s.generation_x_m[0]) + ux * T(s.generation_x_m[1] - s.generation_x_m[0]);
    const T y = T(s.generation_y_m[0]) + uy * T(s.generation_y_m[1] - s.generation_y_m[0]);
    const T sin_zenith = std::sqrt(T(1) - g.cos_zenith * g.cos_zenith);
    m.position = {x, y, T(s.generation_z_m)};
    m.direction = {sin_zenith * std::cos(g.azimuth_rad), sin_zenith * std::sin(g.azimuth_rad), -g.cos_zenith};
    momentum = g.momentum_GeV;
    track.charge = g.charge;
    track.azimuth_rad = g.azimuth_rad;
  } else {
    const BeamMuon<T> b = s.beam.template sample<T>(rng);
    m.position = {b.x_m, b.y_m, T(s.generation_z_m)};
    m.direction = b.direction;
    momentum = b.momentum_GeV;
    track.charge = b.charge;
    track.azimuth_rad = std::atan2(m.direction.y, m.direction.x);
  }
  m.kinetic_GeV = kinetic_from_momentum(momentum);
  track.momentum_GeV = momentum;
  track.cos_zenith = -m.direction.z;
  track.x_gen_m = m.position.x;
  track.y_gen_m = m.position.y;
  return m;
}

}  // namespace detgrad
