#pragma once
// Small 3-vector arithmetic for per-event code, templated on the real type.
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad {

template <typename T>
struct Vec3 {
  T x, y, z;
};

template <typename T>
DETGRAD_HDI Vec3<T> operator+(Vec3<T> a, Vec3<T> b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
template <typename T>
DETGRAD_HDI Vec3<T> operator-(Vec3<T> a, Vec3<T> b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
template <typename T>
DETGRAD_HDI Vec3<T> operator-(Vec3<T> a) { return {-a.x, -a.y, -a.z}; }
template <typename T>
DETGRAD_HDI Vec3<T> operator*(T s, Vec3<T> a) { return {s * a.x, s * a.y, s * a.z}; }
template <typename T>
DETGRAD_HDI Vec3<T> operator*(Vec3<T> a, T s) { return {s * a.x, s * a.y, s * a.z}; }
template <typename T>
DETGRAD_HDI Vec3<T>& operator+=(Vec3<T>& a, Vec3<T> b) { a.x += b.x; a.y += b.y; a.z += b.z; return a; }

template <typename T>
DETGRAD_HDI T dot(Vec3<T> a, Vec3<T> b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
template <typename T>
DETGRAD_HDI Vec3<T> cross(Vec3<T> a, Vec3<T> b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
template <typename T>
DETGRAD_HDI T norm(Vec3<T> a) { return std::sqrt(dot(a, a)); }
template <typename T>
DETGRAD_HDI Vec3<T> normalized(Vec3<T> a) { return (T(1) / norm(a)) * a; }

template <typename T, typename U>
DETGRAD_HDI Vec3<T> vec3_cast(Vec3<U> a) { return {T(a.x), T(a.y), T(a.z)}; }

}  // namespace detgrad
