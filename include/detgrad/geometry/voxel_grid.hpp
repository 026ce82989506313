#pragma once
// The passive volume: a regular grid of voxels, each with a material index. A trivially
// copyable view (raw pointer), valid on the host or, with device pointers, on a GPU.
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad {

using MaterialIndex = std::uint16_t;

struct VoxelGridView {
  double origin_m[3];       // low corner of voxel (0, 0, 0)
  double voxel_size_m[3];
  int count[3];
  const MaterialIndex* material;  // [ix + nx (iy + ny iz)]

  DETGRAD_HD double low(int axis) const { return origin_m[axis]; }
  DETGRAD_HD double high(int axis) const { return origin_m[axis] + count[axis] * voxel_size_m[axis]; }
  DETGRAD_HD int linear_index(int ix, int iy, int iz) const { return ix + count[0] * (iy + count[1] * iz); }
};

template <typename T>
DETGRAD_HDI T component(Vec3<T> v, int axis) { return axis == 0 ? v.x : (axis == 1 ? v.y : v.z); }

template <typename T>
DETGRAD_HDI void set_component(Vec3<T>& v, int axis, T value) {
  if (axis == 0) v.x = value; else if (axis == 1) v.y = value; else v.z = value;
}

// Index of the cell along one axis that holds coordinate c, the direction breaking ties on
// a boundary (a particle on a face belongs to the cell it is about to enter); clamped.
template <typename T>
DETGRAD_HDI int cell_along_axis(const VoxelGridView& g, int axis, T c, T direction) {
  const T u = (c - T(g.origin_m[axis])) / T(g.voxel_size_m[axis]);
  int i = int(std::floor(u));
  if (direction < T(0) && T(i) == u) i -= 1;
  i = i < 0 ? 0 : i;
  return i >= g.count[axis] ? g.count[axis] - 1 : i;
}

// Entry and exit parameters of the ray p + t d through the grid's bounding box (slab
// method). Returns false if the ray misses the box or only touches it for t < 0.
template <typename T>
DETGRAD_HDI bool intersect_box(const VoxelGridView& g, Vec3<T> p, Vec3<T> d, T& t_enter, T& t_exit) {
  T t0 = T(-1e30), t1 = T(1e30);
  for (int a = 0; a < 3; ++a) {
    const T pa = component(p, a), da = component(d, a);
    const T lo = T(g.low(a)), hi = T(g.high(a));
    if (da == T(0)) {
      if (pa < lo || pa > hi) return false;
      continue;
    }
    T ta = (lo - pa) / da, tb = (hi - pa) / da;
    if (ta > tb) { const T s = ta; ta = tb; tb = s; }
    t0 = ta > t0 ? ta : t0;
    t1 = tb < t1 ? tb : t1;
  }
  if (t1 < t0 || t1 <= T(0)) return false;
  t_enter = t0 > T(0) ? t0 : T(0);
  t_exit = t1;
  return true;
}

}  // namespace detgrad
