#include "muone/side_model.hpp"

#include <array>

#include "detgrad/tracking/track_fit.hpp"

namespace detgrad::muone {
namespace {

using tracking::covariance_index;
using tracking::kTrackParameters;
using tracking::kTx;
using tracking::kTy;
using tracking::TrackFit;
using tracking::TrackMeasurement;

constexpr int kN = kTrackParameters;

std::vector<TrackMeasurement<double>> measurements(const std::vector<SideModule>& modules) {
  std::vector<TrackMeasurement<double>> m;
  for (const SideModule& s : modules) m.push_back({s.z, s.cos_view, s.sin_view, 0.0, s.sigma, s.efficiency});
  return m;
}

void design_row(const SideModule& m, double z_ref, double h[kN]) {
  const double dz = m.z - z_ref;
  h[0] = m.cos_view;
  h[1] = m.cos_view * dz;
  h[2] = m.sin_view;
  h[3] = m.sin_view * dz;
}

double theta2_unit(const SideModule& m) { return target_theta2(1.0, m.thickness_x0, 1.0); }

struct Forward {
  TrackFit<double> fit;
  std::vector<double> omega;
  std::vector<std::array<double, kN>> ph;      // P h_i
  std::vector<std::array<double, 2>> gamma;    // omega (P h)_tx, (P h)_ty
  std::vector<std::array<double, 2>> alpha, beta;
};

bool forward(const std::vector<SideModule>& modules, double z_ref, TrackSide side, Forward& f) {
  const std::vector<TrackMeasurement<double>> m = measurements(modules);
  if (!tracking::fit_track(m.data(), int(m.size()), z_ref, f.fit)) return false;
  const std::size_t n = modules.size();
  f.omega.resize(n);
  f.ph.resize(n);
  f.gamma.resize(n);
  f.alpha.resize(n);
  f.beta.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    f.omega[i] = modules[i].efficiency / (modules[i].sigma * modules[i].sigma);
    double h[kN];
    design_row(modules[i], z_ref, h);
    for (int a = 0; a < kN; ++a) {
      f.ph[i][a] = 0;
      for (int b = 0; b < kN; ++b) f.ph[i][a] += f.fit.covariance(a, b) * h[b];
    }
    f.gamma[i] = {f.omega[i] * f.ph[i][kTx], f.omega[i] * f.ph[i][kTy]};
  }
  const double s = side == TrackSide::incoming ? 1.0 : 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    f.alpha[k] = {-s, 0.0};
    f.beta[k] = {0.0, -s};
    for (std::size_t i = k + 1; i < n; ++i) {
      const double lever = modules[i].z - modules[k].z;
      for (int c = 0; c < 2; ++c) {
        f.alpha[k][c] += f.gamma[i][c] * lever * modules[i].cos_view;
        f.beta[k][c] += f.gamma[i][c] * lever * modules[i].sin_view;
      }
    }
  }
  return true;
}

}  // namespace

bool side_model(const std::vector<SideModule>& modules, double z_ref, TrackSide side, SideModel<double>& out) {
  Forward f;
  out = SideModel<double>{0, 0, 0, 0, 0, 0};
  if (!forward(modules, z_ref, side, f)) return false;
  out.cxx = f.fit.covariance(kTx, kTx);
  out.cxy = f.fit.covariance(kTx, kTy);
  out.cyy = f.fit.covariance(kTy, kTy);
  for (std::size_t k = 0; k < modules.size(); ++k) {
    const double t2 = theta2_unit(modules[k]);
    out.mxx += t2 * (f.alpha[k][0] * f.alpha[k][0] + f.beta[k][0] * f.beta[k][0]);
    out.mxy += t2 * (f.alpha[k][0] * f.alpha[k][1] + f.beta[k][0] * f.beta[k][1]);
    out.myy += t2 * (f.alpha[k][1] * f.alpha[k][1] + f.beta[k][1] * f.beta[k][1]);
  }
  return true;
}

// Reverse of side_model, step by step (the identities at the top of side_model.hpp):
//   d alpha_k = theta_k^2 (2 d mxx a_x + d mxy a_y, d mxy a_x + 2 d myy a_y)  (beta likewise);
//   d gamma_i += d alpha_k (z_i - z_k) cos_i + d beta_k (z_i - z_k) sin_i, and
//   d z_i += (d alpha_k . gamma_i) cos_i + (d beta_k . gamma_i) sin_i, d z_k -= the same;
//   gamma_i = omega_i (P h_i)_{tx,ty}: d omega_i, d h_i = omega_i P g_i, d P += omega_i sym(h_i g_i^T),
//   with g_i = (0, d gamma_i.x, 0, d gamma_i.y); then the fit's adjoint takes d P.
void side_model_adjoint(const std::vector<SideModule>& modules, double z_ref, TrackSide side,
                        const SideModel<double>& d_model, SideModuleCotangents& d) {
  const std::size_t n = modules.size();
  d.d_z.assign(n, 0.0);
  d.d_sigma.assign(n, 0.0);
  Forward f;
  if (!forward(modules, z_ref, side, f)) return;
  std::vector<std::array<double, 2>> d_gamma(n, {0.0, 0.0});
  for (std::size_t k = 0; k < n; ++k) {
    const double t2 = theta2_unit(modules[k]);
    const auto grad = [&](const std::array<double, 2>& a) {
      return std::array<double, 2>{t2 * (2 * d_model.mxx * a[0] + d_model.mxy * a[1]),
                                   t2 * (d_model.mxy * a[0] + 2 * d_model.myy * a[1])};
    };
    const std::array<double, 2> da = grad(f.alpha[k]), db = grad(f.beta[k]);
    for (std::size_t i = k + 1; i < n; ++i) {
      const double lever = modules[i].z - modules[k].z;
      for (int c = 0; c < 2; ++c)
        d_gamma[i][c] += (da[c] * modules[i].cos_view + db[c] * modules[i].sin_view) * lever;
      const double dz = (da[0] * f.gamma[i][0] + da[1] * f.gamma[i][1]) * modules[i].cos_view +
                        (db[0] * f.gamma[i][0] + db[1] * f.gamma[i][1]) * modules[i].sin_view;
      d.d_z[i] += dz;
      d.d_z[k] -= dz;
    }
  }
  // d P (symmetric, full) from the gammas and from C.
  double d_p[kN][kN] = {};
  d_p[kTx][kTx] += d_model.cxx;
  d_p[kTy][kTy] += d_model.cyy;
  d_p[kTx][kTy] += 0.5 * d_model.cxy;
  d_p[kTy][kTx] += 0.5 * d_model.cxy;
  for (std::size_t i = 0; i < n; ++i) {
    double h[kN];
    design_row(modules[i], z_ref, h);
    const double g[kN] = {0.0, d_gamma[i][0], 0.0, d_gamma[i][1]};
    // gamma_c = omega (P h)_c: d omega += g . (P h); d h_b += omega sum_a g_a P_ab; d P_ab += omega g_a h_b.
    double d_omega = 0;
    for (int a = 0; a < kN; ++a) d_omega += g[a] * f.ph[i][a];
    double d_h[kN] = {};
    for (int a = 0; a < kN; ++a)
      for (int b = 0; b < kN; ++b) {
        d_h[b] += f.omega[i] * g[a] * f.fit.covariance(a, b);
        d_p[a][b] += 0.5 * f.omega[i] * g[a] * h[b];
        d_p[b][a] += 0.5 * f.omega[i] * g[a] * h[b];
      }
    const SideModule& m = modules[i];
    const double d_dz = d_h[1] * m.cos_view + d_h[3] * m.sin_view;
    d.d_z[i] += d_dz;
    d.d_z_ref -= d_dz;
    d.d_sigma[i] -= 2 * d_omega * f.omega[i] / m.sigma;
  }
  // The fit's adjoint with the packed covariance cotangent: the packed off-diagonal entry
  // stands for both symmetric elements.
  TrackFit<double> d_fit{};
  for (int a = 0; a < kN; ++a)
    for (int b = a; b < kN; ++b) d_fit.cov[covariance_index(a, b)] = a == b ? d_p[a][a] : d_p[a][b] + d_p[b][a];
  const std::vector<TrackMeasurement<double>> m = measurements(modules);
  std::vector<TrackMeasurement<double>> d_m(n, TrackMeasurement<double>{0, 0, 0, 0, 0, 0});
  tracking::fit_track_adjoint(m.data(), int(n), z_ref, d_fit, d_m.data(), d.d_z_ref);
  for (std::size_t i = 0; i < n; ++i) {
    d.d_z[i] += d_m[i].z;
    d.d_sigma[i] += d_m[i].sigma;
  }
}

std::vector<SideModule> side_modules(const StationFixed& fixed, const StationDesign<double>& design, TrackSide side) {
  std::vector<SideModule> out;
  const int first = side == TrackSide::incoming ? 0 : fixed.n_upstream;
  const int end = side == TrackSide::incoming ? fixed.n_upstream : fixed.n_modules;
  for (int i = first; i < end; ++i) {
    const ModuleFixed& m = fixed.module[i];
    out.push_back({design.module[i].z, double(m.cos_view), double(m.sin_view), design.module[i].sigma,
                   double(m.efficiency), double(m.thickness_x0)});
  }
  return out;
}

bool fill_side_models(const StationFixed& fixed, ModelDesign<double>& design) {
  const double z_ref = design.station.target.z;
  const bool in = side_model(side_modules(fixed, design.station, TrackSide::incoming), z_ref, TrackSide::incoming, design.in);
  const bool out = side_model(side_modules(fixed, design.station, TrackSide::outgoing), z_ref, TrackSide::outgoing, design.out);
  return in && out;
}

void side_models_adjoint(const StationFixed& fixed, const ModelDesign<double>& design, ModelDesign<double>& d_model) {
  const double z_ref = design.station.target.z;
  for (TrackSide side : {TrackSide::incoming, TrackSide::outgoing}) {
    SideModuleCotangents c;
    side_model_adjoint(side_modules(fixed, design.station, side), z_ref, side,
                       side == TrackSide::incoming ? d_model.in : d_model.out, c);
    const int first = side == TrackSide::incoming ? 0 : fixed.n_upstream;
    for (std::size_t i = 0; i < c.d_z.size(); ++i) {
      d_model.station.module[first + int(i)].z += c.d_z[i];
      d_model.station.module[first + int(i)].sigma += c.d_sigma[i];
    }
    d_model.station.target.z += c.d_z_ref;
  }
}

}  // namespace detgrad::muone
