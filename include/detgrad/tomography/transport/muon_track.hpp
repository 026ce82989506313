#pragma once
// What transport records of one muon: its generation, its passage through the passive
// volume, and its true crossing of every detector plane.
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad {

constexpr int kMaxPlanes = 16;

// Bit flags of MuonTrack::flags.
enum MuonFlag : std::uint32_t {
  kEnteredVolume = 1u << 0,
  kStopped = 1u << 1,          // ranged out (kinetic energy below the transport cut)
  kLeftThroughSide = 1u << 2,  // left the volume through a side face
  kReachedBottom = 1u << 3,    // crossed every plane (and the bottom of the volume's z range)
  kLost = 1u << 4,             // turned upward or exceeded the step limit
};

// Crossing of a plane: position and slopes dx/dz, dy/dz of the direction.
template <typename T>
struct PlaneCrossing {
  T x_m, y_m, slope_x, slope_y;
};

template <typename T>
struct MuonTrack {
  // Generation (on the generation plane).
  T momentum_GeV;
  T cos_zenith;
  T azimuth_rad;
  T x_gen_m, y_gen_m;
  int charge;
  std::uint32_t flags;
  // Passage through the passive volume (valid with kEnteredVolume). For a stopped muon,
  // exit_m is where it stopped and exit_momentum_GeV is 0.
  Vec3<T> entry_m, entry_direction, exit_m, exit_direction;
  T exit_momentum_GeV;
  T path_in_volume_m;
  // Planes in the study's order of decreasing z; planes_crossed counts the valid entries.
  int planes_crossed;
  PlaneCrossing<T> planes[kMaxPlanes];
};

}  // namespace detgrad
