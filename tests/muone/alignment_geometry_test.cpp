// The misaligned module's measurement: the surface crossing solves its equation, reduces to
// u = x cos + y sin for an aligned module, and its hand-written derivatives in the track's
// parameters and in all seven module parameters agree with central finite differences
// (double) at a geometry with every parameter non-zero, and so does its second derivative in
// the track's parameters (the alignment's score correction).
#include "detgrad/muone/alignment_geometry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace detgrad::muone {
namespace {

ModuleFixed stereo_module() { return ModuleFixed{float(std::sqrt(0.5)), float(std::sqrt(0.5)), 0.0068f, 1.0f, 0.05f}; }

ModuleAlignment<double> misaligned() {
  ModuleAlignment<double> a;
  a.du = 3e-5;
  a.dv = -4e-5;
  a.dz = 2e-4;
  a.rot_z = 4e-4;
  a.tilt_u = 2e-3;
  a.tilt_v = -3e-3;
  a.bow = 5e-5;
  return a;
}

double measured(const ModuleFixed& f, double z, const ModuleAlignment<double>& a, const Line3<double>& l) {
  return cross_surface(module_surface(f, z, a), l).a;
}

TEST(AlignmentGeometry, AlignedModuleMeasuresTheProjection) {
  const ModuleFixed f = stereo_module();
  const ModuleAlignment<double> zero{};
  const Line3<double> l = line_through(0.012, -0.02, 0.0, 3e-3, -8e-3);
  const double z = 0.55;
  const double x = 0.012 + 3e-3 * z, y = -0.02 - 8e-3 * z;
  EXPECT_NEAR(measured(f, z, zero, l), x * f.cos_view + y * f.sin_view, 1e-15);
}

TEST(AlignmentGeometry, CrossingSolvesTheSurfaceEquation) {
  const ModuleFixed f = stereo_module();
  const ModuleSurface<double> s = module_surface(f, 0.55, misaligned());
  const Line3<double> l = line_through(0.03, 0.02, 0.0, 2e-2, 1e-2);
  const SurfaceCrossing<double> c = cross_surface(s, l);
  double q[3];
  for (int i = 0; i < 3; ++i) q[i] = l.p0[i] - s.c[i] + c.t * l.d[i];
  const double w = dot3(s.n, q);
  EXPECT_NEAR(w - s.k * (c.a * c.a + c.b * c.b), 0.0, 1e-16);
  EXPECT_GT(std::fabs(s.k * (c.a * c.a + c.b * c.b)), 1e-6);  // the bow is seen
}

TEST(AlignmentGeometry, DerivativesAgreeWithFiniteDifferences) {
  const ModuleFixed f = stereo_module();
  const double z = 0.55;
  const ModuleAlignment<double> a = misaligned();
  const double track[5] = {0.03, 0.02, 0.004, 2e-2, 1e-2};  // x, y, z anchor, tx, ty
  const auto line_of = [](const double* t) { return line_through(t[0], t[1], t[2], t[3], t[4]); };
  const ModuleSurface<double> s = module_surface(f, z, a);
  const Line3<double> l = line_of(track);
  const SurfaceCrossing<double> c = cross_surface(s, l);
  // Track parameters.
  const double unit[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  for (int k = 0; k < 5; ++k) {
    const double analytic = k < 3 ? crossing_derivative<double>(s, l, c, unit[k], nullptr, nullptr)
                                  : crossing_derivative<double>(s, l, c, nullptr, unit[k - 3], nullptr);
    const double h = 1e-6;
    double tp[5], tm[5];
    for (int i = 0; i < 5; ++i) tp[i] = tm[i] = track[i];
    tp[k] += h;
    tm[k] -= h;
    const double numeric = (measured(f, z, a, line_of(tp)) - measured(f, z, a, line_of(tm))) / (2 * h);
    EXPECT_NEAR(analytic, numeric, 1e-7 * (1 + std::fabs(numeric))) << "track parameter " << k;
  }
  // Module parameters (all seven, dv included).
  for (int p = 0; p < 7; ++p) {
    const SurfaceTangent<double> t = module_surface_tangent(f, a, p);
    const double analytic = crossing_derivative<double>(s, l, c, nullptr, nullptr, &t);
    const double h = 1e-7;
    ModuleAlignment<double> ap = a, am = a;
    module_parameter_ref(ap, p) += h;
    module_parameter_ref(am, p) -= h;
    const double numeric = (measured(f, z, ap, l) - measured(f, z, am, l)) / (2 * h);
    EXPECT_NEAR(analytic, numeric, 1e-6 * std::fabs(numeric) + 1e-9) << "module parameter " << p;
    EXPECT_GT(std::fabs(analytic), 1e-6) << "module parameter " << p << " has no effect";
  }
}

TEST(AlignmentGeometry, SecondDerivativesAgreeWithFiniteDifferences) {
  const ModuleFixed f = stereo_module();
  const double z = 0.55;
  ModuleAlignment<double> a = misaligned();
  a.bow = 2e-3;  // a strong bow, so that the curvature term is tested
  const double track[5] = {0.03, 0.02, 0.004, 2e-2, 1e-2};
  const auto line_of = [](const double* t) { return line_through(t[0], t[1], t[2], t[3], t[4]); };
  const ModuleSurface<double> s = module_surface(f, z, a);
  const double unit[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  const auto first = [&](const double* t, int k) {
    const Line3<double> l = line_of(t);
    const SurfaceCrossing<double> c = cross_surface(s, l);
    return k < 3 ? crossing_derivative<double>(s, l, c, unit[k], nullptr, nullptr)
                 : crossing_derivative<double>(s, l, c, nullptr, unit[k - 3], nullptr);
  };
  const Line3<double> l = line_of(track);
  const SurfaceCrossing<double> c = cross_surface(s, l);
  double largest = 0.0;
  for (int k1 = 0; k1 < 5; ++k1)
    for (int k2 = 0; k2 < 5; ++k2) {
      const double* dp1 = k1 < 3 ? unit[k1] : nullptr;
      const double* dd1 = k1 < 3 ? nullptr : unit[k1 - 3];
      const double* dp2 = k2 < 3 ? unit[k2] : nullptr;
      const double* dd2 = k2 < 3 ? nullptr : unit[k2 - 3];
      const double analytic = crossing_second_derivative<double>(s, l, c, dp1, dd1, dp2, dd2);
      const double h = 1e-6;
      double tp[5], tm[5];
      for (int i = 0; i < 5; ++i) tp[i] = tm[i] = track[i];
      tp[k2] += h;
      tm[k2] -= h;
      const double numeric = (first(tp, k1) - first(tm, k1)) / (2 * h);
      EXPECT_NEAR(analytic, numeric, 1e-6 * (1 + std::fabs(numeric))) << "pair " << k1 << ", " << k2;
      EXPECT_NEAR(analytic, crossing_second_derivative<double>(s, l, c, dp2, dd2, dp1, dd1), 1e-15);
      largest = std::max(largest, std::fabs(analytic));
    }
  EXPECT_GT(largest, 0.5);  // d2a / dz dtx is about -cos(view)
  // The curvature term matters here: without the bow the x-x entry vanishes.
  EXPECT_GT(std::fabs(crossing_second_derivative<double>(s, l, c, unit[0], nullptr, unit[0], nullptr)), 1e-4);
}

TEST(AlignmentGeometry, MixedDerivativesAgreeWithFiniteDifferences) {
  const ModuleFixed f = stereo_module();
  const double z = 0.55;
  ModuleAlignment<double> a = misaligned();
  a.bow = 2e-3;
  const double track[5] = {0.03, 0.02, 0.004, 2e-2, 1e-2};
  const Line3<double> l = line_through(track[0], track[1], track[2], track[3], track[4]);
  const double unit[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  const auto first = [&](const ModuleAlignment<double>& al, int k) {
    const ModuleSurface<double> s = module_surface(f, z, al);
    const SurfaceCrossing<double> c = cross_surface(s, l);
    return k < 3 ? crossing_derivative<double>(s, l, c, unit[k], nullptr, nullptr)
                 : crossing_derivative<double>(s, l, c, nullptr, unit[k - 3], nullptr);
  };
  const ModuleSurface<double> s = module_surface(f, z, a);
  const SurfaceCrossing<double> c = cross_surface(s, l);
  for (int p = 0; p < 7; ++p) {
    const SurfaceTangent<double> tg = module_surface_tangent(f, a, p);
    for (int k = 0; k < 5; ++k) {
      const double analytic =
          crossing_mixed_derivative<double>(s, l, c, k < 3 ? unit[k] : nullptr, k < 3 ? nullptr : unit[k - 3], tg);
      const double h = 1e-7;
      ModuleAlignment<double> ap = a, am = a;
      module_parameter_ref(ap, p) += h;
      module_parameter_ref(am, p) -= h;
      const double numeric = (first(ap, k) - first(am, k)) / (2 * h);
      EXPECT_NEAR(analytic, numeric, 1e-6 * (1 + std::fabs(numeric))) << "parameter " << p << ", line " << k;
    }
  }
  // d2a / dtx ddz is cos(view) for a flat module: the lever arm grows with the module's z.
  const SurfaceTangent<double> tdz = module_surface_tangent(f, a, kDz);
  EXPECT_NEAR(crossing_mixed_derivative<double>(s, l, c, nullptr, unit[0], tdz), f.cos_view, 2e-2);
}

}  // namespace
}  // namespace detgrad::muone
