#pragma once
// Transport of one muon from the generation plane through the world, the detector planes
// and the voxelised passive volume: exact voxel traversal (boundary to boundary, with a
// maximum step), continuous energy loss from the CSDA range tables, and multiple
// scattering whose total width does not depend on the step size.
//
// Random numbers: the source stream generates the muon, the transport stream scatters it,
// both keyed by (seed, step, event): the same muon on any executor, in any order.
#include <cmath>
#include <cstdint>

#include "detgrad/core/random.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/physics/multiple_scattering.hpp"
#include "detgrad/physics/muon_kinematics.hpp"
#include "detgrad/tomography/transport/muon_source.hpp"
#include "detgrad/tomography/transport/transport_setup.hpp"

namespace detgrad {

constexpr int kMaxVoxelSteps = 1 << 20;  // guard against endless loops; such muons are flagged lost

// The current run of one material: the Highland log term is that of the whole run
// (see multiple_scattering.hpp), fixed when the run starts from its predicted length.
template <typename T>
struct MaterialRun {
  int material;
  T log_factor;
  T deferred_mass_kg_m2;  // world-material thickness whose energy loss is not applied yet
};

// Applies the energy loss deferred over a run of the world material (advance_in_world):
// the CSDA loss over a sum of thicknesses is that of their sum, so deferring changes only
// the momentum used for the scattering width in the world's thin gas (by < 1e-3).
template <typename T>
DETGRAD_HDI void settle_deferred_loss(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run) {
  if (!(run.deferred_mass_kg_m2 > T(0))) return;
  const T kinetic = kinetic_after_mass_thickness(s.range, run.material, m.kinetic_GeV, run.deferred_mass_kg_m2);
  run.deferred_mass_kg_m2 = T(0);
  if (kinetic <= T(s.min_kinetic_GeV)) {
    m.kinetic_GeV = T(0);
    m.alive = false;
    return;
  }
  m.kinetic_GeV = kinetic;
}

// Starts a run of `material` of predicted length `run_length_m`, unless the muon is
// already in a run of that material.
template <typename T>
DETGRAD_HDI void enter_material(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run, int material,
                                T run_length_m) {
  if (run.material == material) return;
  settle_deferred_loss(s, m, run);
  run.material = material;
  // A material that does not scatter (vacuum) never reads the log factor.
  if (!s.materials[material].scatters()) {
    run.log_factor = T(1);
    return;
  }
  const T momentum = momentum_from_kinetic(m.kinetic_GeV);
  const T beta = momentum / (m.kinetic_GeV + T(units::kMuonMass_GeV));
  run.log_factor = highland_log_factor(run_length_m / T(s.materials[material].radiation_length_m), beta);
}

// Moves the muon a path L through the material of the current run: energy loss first (it fixes the step's
// mean momentum, used for the scattering width), then the straight move with the
// scattering kick. A muon whose kinetic energy falls below the cut stops where its
// residual range runs out.
enum class LossTiming { per_step, deferred };

template <typename T>
DETGRAD_HD void advance_in_material(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run, T step_m,
                                    EventRandom& rng, LossTiming timing = LossTiming::per_step) {
  const int material = run.material;
  const MaterialConstants mc = s.materials[material];
  const T kinetic_before = m.kinetic_GeV;
  T kinetic_after = kinetic_before;
  if (s.energy_loss == EnergyLoss::on && mc.has_mass() && timing == LossTiming::deferred) {
    run.deferred_mass_kg_m2 += T(mc.density_kg_m3) * step_m;
  } else if (s.energy_loss == EnergyLoss::on && mc.has_mass()) {
    kinetic_after = kinetic_after_mass_thickness(s.range, material, kinetic_before, T(mc.density_kg_m3) * step_m);
    if (kinetic_after <= T(s.min_kinetic_GeV)) {
      const T residual = csda_range(s.range, material, kinetic_before) -
                         csda_range(s.range, material, T(s.min_kinetic_GeV));
      T stop_m = residual / T(mc.density_kg_m3);
      stop_m = stop_m < T(0) ? T(0) : (stop_m > step_m ? step_m : stop_m);
      m.position += stop_m * m.direction;
      m.kinetic_GeV = T(0);
      m.alive = false;
      return;
    }
  }
  T variance = T(0);
  if (s.scattering == Scattering::on && step_m > T(0) && mc.scatters()) {
    // Highland's 1/(beta p)^2 averaged over the step: for beta p falling linearly along the
    // step, the mean of 1/(beta p)^2 is exactly 1/(beta0 p0 beta1 p1).
    variance = highland_step_variance(beta_momentum(kinetic_before), beta_momentum(kinetic_after), step_m,
                                      T(mc.radiation_length_m), run.log_factor);
  }
  scatter_step(m.position, m.direction, step_m, variance, rng);
  m.kinetic_GeV = kinetic_after;
}

template <typename T>
DETGRAD_HD void advance_in_world(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run, T step_m,
                                 EventRandom& rng) {
  if (run.material != int(s.world_material)) {
    // A run of world material lasts, at most, down to the lowest plane or the volume's
    // bottom, whichever is lower: the straight path there is its predicted length.
    T z_low = T(s.grid.low(2));
    for (int i = 0; i < s.plane_count; ++i) z_low = T(s.plane_z_m[i]) < z_low ? T(s.plane_z_m[i]) : z_low;
    T length = m.direction.z < T(0) ? (z_low - m.position.z) / m.direction.z : step_m;
    length = length > step_m ? length : step_m;
    enter_material(s, m, run, int(s.world_material), length);
    if (!m.alive) return;
  }
  advance_in_material(s, m, run, step_m, rng, LossTiming::deferred);
}

// Straight run through the world material down to the plane z = z_target.
template <typename T>
DETGRAD_HD void advance_in_world_to_z(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run,
                                      T z_target, EventRandom& rng) {
  if (!m.alive) return;
  if (m.direction.z >= T(0)) { m.alive = false; return; }
  if (s.materials[s.world_material].inert()) {
    // Vacuum: straight onto the plane (what the general path below does when nothing
    // scatters or slows the muon).
    const T t = (z_target - m.position.z) / m.direction.z;
    if (t > T(0) && run.material != int(s.world_material)) {
      enter_material(s, m, run, int(s.world_material), t);
      if (!m.alive) return;
    }
    m.position.x += t * m.direction.x;
    m.position.y += t * m.direction.y;
    m.position.z = z_target;
    return;
  }
  const T step = (z_target - m.position.z) / m.direction.z;
  if (step > T(0)) advance_in_world(s, m, run, step, rng);
  if (!m.alive) return;
  if (m.direction.z >= T(0)) { m.alive = false; return; }
  // The lateral kick is perpendicular to the old direction; slide along the new one
  // back onto the plane (a correction of second order in the angle).
  m.position += ((z_target - m.position.z) / m.direction.z) * m.direction;
}


}  // namespace detgrad

#include "detgrad/tomography/transport/volume_traversal.hpp"

namespace detgrad {

template <typename T>
DETGRAD_HDI void record_plane(const MuonState<T>& m, MuonTrack<T>& track) {
  PlaneCrossing<T>& c = track.planes[track.planes_crossed++];
  const T inverse_dz = T(1) / m.direction.z;
  c.x_m = m.position.x;
  c.y_m = m.position.y;
  c.slope_x = m.direction.x * inverse_dz;
  c.slope_y = m.direction.y * inverse_dz;
}

template <typename T>
DETGRAD_HD MuonTrack<T> transport_muon(const TransportSetup& s, std::uint64_t event) {
  MuonTrack<T> track{};
  MuonState<T> m = generate_muon<T>(s, event, track);

  EventRandom rng(s.seed, s.step, RandomStream::transport, event);
  MaterialRun<T> run{-1, T(1), T(0)};
  const T z_top = T(s.grid.high(2));
  int plane = 0;
  while (m.alive && plane < s.plane_count && T(s.plane_z_m[plane]) >= z_top) {
    advance_in_world_to_z(s, m, run, T(s.plane_z_m[plane]), rng);
    if (m.alive) record_plane(m, track);
    ++plane;
  }
  if (m.alive) pass_through_volume(s, m, run, track, rng);
  while (m.alive && plane < s.plane_count) {
    advance_in_world_to_z(s, m, run, T(s.plane_z_m[plane]), rng);
    if (m.alive) record_plane(m, track);
    ++plane;
  }
  settle_deferred_loss(s, m, run);
  if (m.alive && track.planes_crossed == s.plane_count) track.flags |= kReachedBottom;
  if (!m.alive) track.flags |= (m.kinetic_GeV == T(0)) ? kStopped : kLost;
  return track;
}

}  // namespace detgrad
