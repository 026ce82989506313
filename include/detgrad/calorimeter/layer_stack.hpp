#pragma once
// The calorimeter's geometry as the per-particle code sees it: slabs along z, each one
// medium, filling |x|, |y| <= half_width; the first slab starts at z = 0. A slab is either
// passive (absorber) or read out as active layer `readout` (>= 0).
#include "detgrad/core/macros.hpp"
#include "detgrad/core/vec3.hpp"

namespace detgrad::calorimeter {

template <typename T>
struct Slab {
  T z_low, z_high;  // m
  int medium;       // index into the tables' media
  int readout;      // active layer index, or -1 for a passive slab
};

template <typename T>
struct LayerStack {
  const Slab<T>* slabs = nullptr;
  int slab_count = 0;
  T half_width_m = T(0);  // transverse half size (square), m
};

// Where a straight step of a particle in slab `s` ends at most: the distance along the unit
// direction d to the slab's faces or the stack's sides, and which face (-1 back (z_low),
// +1 front (z_high), 0 a side, i.e. the particle escapes laterally).
template <typename T>
struct BoundaryDistance {
  T distance;
  int face;
};

template <typename T>
DETGRAD_HDI BoundaryDistance<T> distance_to_boundary(const LayerStack<T>& g, int s, Vec3<T> p, Vec3<T> d) {
  const T big = T(1e30);
  BoundaryDistance<T> b{big, 0};
  const Slab<T>& slab = g.slabs[s];
  if (d.z > T(0)) b = {(slab.z_high - p.z) / d.z, 1};
  else if (d.z < T(0)) b = {(slab.z_low - p.z) / d.z, -1};
  const T w = g.half_width_m;
  if (d.x != T(0)) {
    const T t = ((d.x > T(0) ? w : -w) - p.x) / d.x;
    if (t < b.distance) b = {t, 0};
  }
  if (d.y != T(0)) {
    const T t = ((d.y > T(0) ? w : -w) - p.y) / d.y;
    if (t < b.distance) b = {t, 0};
  }
  if (b.distance < T(0)) b.distance = T(0);
  return b;
}

// The distance from p to the nearest face of its slab or side of the stack, in any direction.
template <typename T>
DETGRAD_HDI T safety_distance(const LayerStack<T>& g, int s, Vec3<T> p) {
  const Slab<T>& slab = g.slabs[s];
  T r = p.z - slab.z_low;
  const T candidates[5] = {slab.z_high - p.z, g.half_width_m - p.x, g.half_width_m + p.x, g.half_width_m - p.y,
                           g.half_width_m + p.y};
  for (T c : candidates) r = c < r ? c : r;
  return r > T(0) ? r : T(0);
}

}  // namespace detgrad::calorimeter
