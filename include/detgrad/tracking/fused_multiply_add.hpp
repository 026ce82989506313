#pragma once
// a b + c with one rounding wherever the target has a fused multiply-add instruction (every
// CUDA device; the host when the compiler targets FMA hardware, e.g. -march=native on x86-64
// with FMA3, which predefines __FP_FAST_FMA / __FP_FAST_FMAF), and with two roundings
// elsewhere, where no compiler can fuse them either.
//
// Why: by default compilers may contract a b + c into an FMA (GCC's -ffp-contract=fast,
// nvcc's --fmad=true) and they decide per inlined copy of the code: the same source line
// may be fused in one caller and not in another (a vectorised loop, say), and results then
// differ in the last bit. Writing the fused operation out leaves nothing to decide, so that
// the track fits give the same bits wherever they are inlined, and the general fit with x
// and y views (track_fit.hpp) gives exactly the projection fits (projection_fit.hpp).
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::tracking {

DETGRAD_HDI double fused_multiply_add(double a, double b, double c) {
#if defined(__CUDA_ARCH__) || defined(__FP_FAST_FMA) || defined(FP_FAST_FMA)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

DETGRAD_HDI float fused_multiply_add(float a, float b, float c) {
#if defined(__CUDA_ARCH__) || defined(__FP_FAST_FMAF) || defined(FP_FAST_FMAF)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

}  // namespace detgrad::tracking
