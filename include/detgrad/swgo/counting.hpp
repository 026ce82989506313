#pragma once
// Counting distributions for the SWGO model, portable (host and device), from EventRandom
// (or any generator with its uniform<T>() and normal<T>(), such as SeekableRandom):
// Poisson counts (inversion below mean 10, Hoermann's transformed rejection PTRS above:
// W. Hoermann, "The transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12 (1993) 39), Gamma variates (Marsaglia and Tsang,
// ACM TOMS 26 (2000) 363), and the regularised lower incomplete gamma function
// P(a, x) = gamma(a, x) / Gamma(a) (series for x < a + 1, Lentz continued fraction of Q
// otherwise, as in Abramowitz and Stegun 6.5.29 and 6.5.31).
#include <cmath>
#include <cstdint>

#include "detgrad/core/macros.hpp"
#include "detgrad/core/random.hpp"

namespace detgrad::swgo {

template <typename T, class Rng>
DETGRAD_HDI std::uint32_t poisson_draw(Rng& rng, T mean) {
  if (!(mean > T(0))) return 0;
  if (mean < T(10)) {
    // Inversion: the smallest k with F(k) >= u.
    const T u = rng.template uniform<T>();
    T p = std::exp(-mean), F = p;
    std::uint32_t k = 0;
    while (u > F && k < 1000u) {
      ++k;
      p *= mean / T(k);
      F += p;
    }
    return k;
  }
  const T slam = std::sqrt(mean), loglam = std::log(mean);
  const T b = T(0.931) + T(2.53) * slam;
  const T a = T(-0.059) + T(0.02483) * b;
  const T inv_alpha = T(1.1239) + T(1.1328) / (b - T(3.4));
  const T vr = T(0.9277) - T(3.6224) / (b - T(2));
  for (;;) {
    const T U = rng.template uniform<T>() - T(0.5);
    const T V = rng.template uniform<T>();
    const T us = T(0.5) - std::fabs(U);
    const T kf = std::floor((T(2) * a / us + b) * U + mean + T(0.43));
    if (us >= T(0.07) && V <= vr) return std::uint32_t(kf);
    if (kf < T(0) || (us < T(0.013) && V > us)) continue;
    if (std::log(V) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + kf * loglam - std::lgamma(kf + T(1)))
      return std::uint32_t(kf);
  }
}

// Gamma(shape, 1) for shape >= 1.
template <typename T, class Rng>
DETGRAD_HDI T gamma_draw(Rng& rng, T shape) {
  const T d = shape - T(1) / T(3);
  const T c = T(1) / std::sqrt(T(9) * d);
  for (;;) {
    T x, v;
    do {
      x = rng.template normal<T>();
      v = T(1) + c * x;
    } while (v <= T(0));
    v = v * v * v;
    const T u = rng.template uniform<T>();
    if (u < T(1) - T(0.0331) * x * x * x * x) return d * v;
    if (std::log(u) < T(0.5) * x * x + d * (T(1) - v + std::log(v))) return d * v;
  }
}

// Regularised lower incomplete gamma P(a, x), a > 0, x >= 0.
template <typename T>
DETGRAD_HDI T lower_gamma_regularized(T a, T x) {
  if (!(x > T(0))) return T(0);
  const T log_prefactor = a * std::log(x) - x - std::lgamma(a);
  if (x < a + T(1)) {
    // P = x^a e^-x / Gamma(a + 1) sum_n x^n / ((a + 1) ... (a + n)).
    T term = T(1) / a, sum = term;
    for (int n = 1; n < 500; ++n) {
      term *= x / (a + T(n));
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * T(sizeof(T) == 4 ? 1e-7 : 1e-16)) break;
    }
    return sum * std::exp(log_prefactor);
  }
  // Q = x^a e^-x / Gamma(a) / (x + 1 - a - 1(1 - a) / (x + 3 - a - ...)), modified Lentz.
  const T tiny = T(1e-30);
  T bb = x + T(1) - a, c = T(1) / tiny, d = T(1) / bb, h = d;
  for (int n = 1; n < 500; ++n) {
    const T an = -T(n) * (T(n) - a);
    bb += T(2);
    d = an * d + bb;
    if (std::fabs(d) < tiny) d = tiny;
    c = bb + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = T(1) / d;
    const T delta = d * c;
    h *= delta;
    if (std::fabs(delta - T(1)) < T(sizeof(T) == 4 ? 1e-7 : 1e-16)) break;
  }
  return T(1) - std::exp(log_prefactor) * h;
}

}  // namespace detgrad::swgo
