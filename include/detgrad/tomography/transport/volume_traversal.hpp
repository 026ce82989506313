#pragma once
// Passage of a muon through the voxel grid: from the top of the volume's z range, into the
// grid (through its top or a side face), through runs of one material, and out through
// any face. Included by muon_transport.hpp.
//
// A step ends where the material changes (an exact voxel-face crossing, found by a 3D DDA
// walk along the current direction), at the grid's surface, or after max_step. Faces
// between voxels of the same material do not end a step: with CSDA ranges and the
// per-run Highland factor nothing depends on them, and a muon crossing a uniform region
// costs one step instead of one per voxel.
#include "detgrad/geometry/voxel_grid.hpp"

namespace detgrad {

enum class WalkEnd { limit, material_change, grid_exit };

// Where a straight walk from p along d, starting in voxel `cell`, first meets a voxel of
// another material than `material` or the grid's surface, if that is within `limit`.
// On return: the distance walked (<= limit), `cell` the voxel holding the end point (for
// material_change: the new material's voxel; for grid_exit: the last voxel inside), and
// `axis` and `sign` the face crossed at the end (axis -1 for WalkEnd::limit).
template <typename T>
DETGRAD_HD WalkEnd walk_same_material(const VoxelGridView& g, int cell[3], Vec3<T> p, Vec3<T> d, int material,
                                      T limit, T& distance, int& axis, int& sign) {
  T next_face[3], face_spacing[3];
  int step[3];
  for (int a = 0; a < 3; ++a) {
    const T da = component(d, a);
    step[a] = da > T(0) ? 1 : -1;
    if (da == T(0)) {
      next_face[a] = face_spacing[a] = T(1e30);
      continue;
    }
    const int face = da > T(0) ? cell[a] + 1 : cell[a];
    const T inverse = T(1) / da;  // one division per axis
    const T t = (T(g.origin_m[a]) + T(face) * T(g.voxel_size_m[a]) - component(p, a)) * inverse;
    next_face[a] = t > T(0) ? t : T(0);
    face_spacing[a] = T(g.voxel_size_m[a]) * (da > T(0) ? inverse : -inverse);
  }
  // The walk keeps its cell and the cell's linear index in locals (updated by one add per
  // face) and writes the cell back at the end.
  int here[3] = {cell[0], cell[1], cell[2]};
  const int stride[3] = {1, g.count[0], g.count[0] * g.count[1]};
  int index = g.linear_index(here[0], here[1], here[2]);
  const int max_faces = g.count[0] + g.count[1] + g.count[2] + 3;
  WalkEnd end = WalkEnd::limit;
  axis = -1;
  sign = 0;
  distance = limit;
  for (int i = 0; i < max_faces; ++i) {
    // The nearest face: two selects (conditional moves, no branch to mispredict).
    int a = next_face[1] < next_face[0] ? 1 : 0;
    a = next_face[2] < next_face[a] ? 2 : a;
    const T t = next_face[a];
    if (t > limit) break;
    const int next = here[a] + step[a];
    if (next < 0 || next >= g.count[a]) {
      end = WalkEnd::grid_exit;
    } else {
      here[a] = next;
      index += step[a] * stride[a];
      if (int(g.material[index]) != material) end = WalkEnd::material_change;
    }
    if (end != WalkEnd::limit) {
      axis = a;
      sign = step[a];
      distance = t;
      break;
    }
    next_face[a] += face_spacing[a];
  }
  for (int a = 0; a < 3; ++a) cell[a] = here[a];
  return end;
}

// Keeps a point inside its voxel: a lateral scattering displacement at the end of a step
// can push it a hair across a face its path did not cross.
template <typename T>
DETGRAD_HDI void clamp_into_cell(const VoxelGridView& g, const int cell[3], int skip_axis, Vec3<T>& p) {
  for (int a = 0; a < 3; ++a) {
    if (a == skip_axis) continue;
    const T lo = T(g.origin_m[a]) + T(cell[a]) * T(g.voxel_size_m[a]);
    const T hi = lo + T(g.voxel_size_m[a]);
    const T c = component(p, a);
    set_component(p, a, c < lo ? lo : (c > hi ? hi : c));
  }
}

template <typename T>
DETGRAD_HD void traverse_voxels(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run,
                                MuonTrack<T>& track, EventRandom& rng) {
  const VoxelGridView& g = s.grid;
  int cell[3];
  for (int a = 0; a < 3; ++a) cell[a] = cell_along_axis(g, a, component(m.position, a), component(m.direction, a));
  track.flags |= kEnteredVolume;
  track.entry_m = m.position;
  track.entry_direction = m.direction;
  const T max_step = T(s.max_step_m);
  for (int iteration = 0; iteration < kMaxVoxelSteps; ++iteration) {
    const int material = int(g.material[g.linear_index(cell[0], cell[1], cell[2])]);
    T step;
    int axis, sign;
    WalkEnd end;
    if (material != run.material) {
      // A new run: walk to its end for its length; when that is within max_step, the walk
      // is also this step's.
      int ahead[3] = {cell[0], cell[1], cell[2]};
      T run_length;
      end = walk_same_material(g, ahead, m.position, m.direction, material, T(1e30), run_length, axis, sign);
      enter_material(s, m, run, material, run_length);
      if (!m.alive) return;
      if (run_length <= max_step) {
        step = run_length;
        for (int a = 0; a < 3; ++a) cell[a] = ahead[a];
      } else {
        end = walk_same_material(g, cell, m.position, m.direction, material, max_step, step, axis, sign);
      }
    } else {
      end = walk_same_material(g, cell, m.position, m.direction, material, max_step, step, axis, sign);
    }
    const Vec3<T> before = m.position;
    advance_in_material(s, m, run, step, rng);
    track.path_in_volume_m += norm(m.position - before);
    if (!m.alive) {
      track.exit_m = m.position;
      track.exit_direction = m.direction;
      return;
    }
    if (end != WalkEnd::limit) {
      // Put the point on the face it crossed (the kick moved it off by second order).
      const int face = sign > 0 ? cell[axis] + (end == WalkEnd::grid_exit ? 1 : 0) : cell[axis] + (end == WalkEnd::grid_exit ? 0 : 1);
      set_component(m.position, axis, T(g.origin_m[axis]) + T(face) * T(g.voxel_size_m[axis]));
    }
    clamp_into_cell(g, cell, end == WalkEnd::limit ? -1 : axis, m.position);
    if (end == WalkEnd::grid_exit) {
      track.exit_m = m.position;
      track.exit_direction = m.direction;
      track.exit_momentum_GeV = momentum_from_kinetic(m.kinetic_GeV);
      if (axis != 2) track.flags |= kLeftThroughSide;
      if (axis == 2 && sign > 0) m.alive = false;  // turned back up: lost
      return;
    }
    // A kick can turn the direction so that it points out of the voxel through a face the
    // point sits on; the next walk then crosses that face at distance zero.
  }
  m.alive = false;  // step limit exceeded: lost
}

template <typename T>
DETGRAD_HD void pass_through_volume(const TransportSetup& s, MuonState<T>& m, MaterialRun<T>& run,
                                    MuonTrack<T>& track, EventRandom& rng) {
  const VoxelGridView& g = s.grid;
  const T z_top = T(g.high(2));
  if (m.position.z > z_top) advance_in_world_to_z(s, m, run, z_top, rng);
  if (!m.alive) return;
  settle_deferred_loss(s, m, run);  // the entry momentum includes the loss in the air above
  if (!m.alive) return;
  T t_enter, t_exit;
  if (!intersect_box(g, m.position, m.direction, t_enter, t_exit)) return;  // passes beside the volume
  if (t_enter > T(0)) {
    advance_in_world(s, m, run, t_enter, rng);
    if (!m.alive) return;
    // Air scattering on the way to a side face can move the point off the face: put it
    // back on the box surface.
    for (int a = 0; a < 3; ++a) {
      const T c = component(m.position, a), lo = T(g.low(a)), hi = T(g.high(a));
      set_component(m.position, a, c < lo ? lo : (c > hi ? hi : c));
    }
  }
  traverse_voxels(s, m, run, track, rng);
}

}  // namespace detgrad
