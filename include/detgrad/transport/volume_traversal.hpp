#pragma once
// Passage of a muon through the voxel grid: from the top of the volume's z range, into the
// grid (through its top or a side face), voxel boundary to voxel boundary with at most
// max_step per step, and out through any face. Included by muon_transport.hpp.
#include "detgrad/geometry/voxel_grid.hpp"

namespace detgrad {

// Distance along the direction to the nearest face of voxel `cell`, and that face's axis.
template <typename T>
DETGRAD_HDI T distance_to_voxel_face(const VoxelGridView& g, const int cell[3], Vec3<T> p, Vec3<T> d, int& axis) {
  T best = T(1e30);
  axis = -1;
  for (int a = 0; a < 3; ++a) {
    const T da = component(d, a);
    if (da == T(0)) continue;
    const int face = da > T(0) ? cell[a] + 1 : cell[a];
    const T t = (T(g.origin_m[a]) + T(face) * T(g.voxel_size_m[a]) - component(p, a)) / da;
    if (t < best) { best = t; axis = a; }
  }
  return best > T(0) ? best : T(0);
}

// Keeps a coordinate inside its cell: a lateral scattering displacement at the end of a
// step can push the point a hair across a face it did not cross along its path.
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

// Length of the straight path from p along d through voxels of `material`, starting in
// voxel `cell`, until the material changes or the path leaves the grid (a 3D DDA walk).
template <typename T>
DETGRAD_HD T same_material_run_length(const VoxelGridView& g, const int start_cell[3], Vec3<T> p, Vec3<T> d,
                                      int material) {
  int cell[3] = {start_cell[0], start_cell[1], start_cell[2]};
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
    const T t = (T(g.origin_m[a]) + T(face) * T(g.voxel_size_m[a]) - component(p, a)) / da;
    next_face[a] = t > T(0) ? t : T(0);
    face_spacing[a] = T(g.voxel_size_m[a]) / (da > T(0) ? da : -da);
  }
  const int limit = g.count[0] + g.count[1] + g.count[2];
  for (int i = 0; i < limit; ++i) {
    const int a = next_face[0] < next_face[1] ? (next_face[0] < next_face[2] ? 0 : 2) : (next_face[1] < next_face[2] ? 1 : 2);
    const T t = next_face[a];
    cell[a] += step[a];
    if (cell[a] < 0 || cell[a] >= g.count[a]) return t;
    if (int(g.material[g.linear_index(cell[0], cell[1], cell[2])]) != material) return t;
    next_face[a] += face_spacing[a];
  }
  return next_face[0] < next_face[1] ? (next_face[0] < next_face[2] ? next_face[0] : next_face[2])
                                     : (next_face[1] < next_face[2] ? next_face[1] : next_face[2]);
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
    int axis;
    const T to_face = distance_to_voxel_face(g, cell, m.position, m.direction, axis);
    const bool reaches_face = axis >= 0 && to_face <= max_step;
    const T step = reaches_face ? to_face : max_step;
    const int material = int(g.material[g.linear_index(cell[0], cell[1], cell[2])]);
    const int sign = (axis >= 0 && component(m.direction, axis) > T(0)) ? 1 : -1;
    if (material != run.material) {
      enter_material(s, m, run, material, same_material_run_length(g, cell, m.position, m.direction, material));
    }
    const Vec3<T> before = m.position;
    advance_in_material(s, m, run, step, rng);
    track.path_in_volume_m += norm(m.position - before);
    if (!m.alive) {
      track.exit_m = m.position;
      track.exit_direction = m.direction;
      return;
    }
    if (reaches_face) {
      const int face = sign > 0 ? cell[axis] + 1 : cell[axis];
      set_component(m.position, axis, T(g.origin_m[axis]) + T(face) * T(g.voxel_size_m[axis]));
      cell[axis] += sign;
      if (cell[axis] < 0 || cell[axis] >= g.count[axis]) {
        clamp_into_cell(g, cell, axis, m.position);
        track.exit_m = m.position;
        track.exit_direction = m.direction;
        track.exit_momentum_GeV = momentum_from_kinetic(m.kinetic_GeV);
        if (axis != 2) track.flags |= kLeftThroughSide;
        if (axis == 2 && sign > 0) m.alive = false;  // turned back up: lost
        return;
      }
    }
    clamp_into_cell(g, cell, reaches_face ? axis : -1, m.position);
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
