#pragma once
// The optimisation mode's smooth model of a sampling calorimeter's energy resolution as a
// function of every slab's thickness, forward and adjoint side by side (per energy, host
// and device, double).
//
// Longitudinal profile: the Gamma distribution of PDG eq. 34.35 in depth u (X0), shape
// alpha and rate b fixed per beam energy (Grindhammer-Peters homogeneous-medium
// parameters of the first absorber, docs/calorimeter.md); slab l spans [u_l, u_{l+1}],
// u_l = sum_{j<l} d_j / X0_j, and holds the fraction c_l = P(alpha, b u_{l+1}) - P(alpha, b u_l)
// of the energy (P the regularised lower incomplete gamma function).
// Sampling: each active slab k closes a sampling cell (the passive slabs since the previous
// active one, and itself). A minimum-ionising particle loses DeltaE_k = sum_{l in cell}
// d_l g_l in it (g_l the medium's mip loss per length) and leaves the fraction
// f_k = d_k g_k / DeltaE_k in the active slab. With C_k = sum_{l in cell} c_l:
//   E_vis / E = S1 = sum_k f_k C_k,
//   Var(E_vis) = E (kappa S2 + mu S3),  S2 = sum_k f_k^2 DeltaE_k^gamma C_k,  S3 = sum_k f_k^2 DeltaE_k^gamma C_k / V_k
// (gamma = 1 is the Amaldi form sigma/E ~ sqrt(DeltaE / E): ~E C_k / DeltaE_k sampled track
// segments in cell k, each fluctuating by ~ f_k DeltaE_k; the S3 term, V_k = d_k g_k the
// active slab's own mip loss, adds the fluctuation of each segment's deposit within the
// active slab, relatively larger in thin active slabs); kappa, mu, gamma and eta are
// calibrated on the particle level (response_model.hpp). Leakage adds (eta (1 - P_L))^2.
// Shower-to-shower fluctuations of the profile, measured: K, the covariance over particle-level
// showers of the energy fraction x_j deposited in each bin j in depth (the sampling cells of the
// study's stack continued to twice its depth in X0, response_model.hpp), and m its mean. The
// deposit density between the bins' centres is interpolated linearly (hat functions phi_j, a
// partition of unity, flat before the first centre and after the last), rho(u) = sum_j x_j
// phi_j(u) / H_j with H_j the integral of phi_j, so that a layout's visible fraction is
// sum_j a_j x_j, a_j = sum_k f_k (integral of phi_j over cell k) / H_j, smooth (C1) in the
// layout's boundaries. It fluctuates by a^T K a / (a.m)^2 relative: the leakage's fluctuations
// (a = 0 beyond the layout's depth), its tails (a late conversion leaking through the back)
// and what a sampling fraction that varies with depth adds (zero for a uniform stack without
// leakage). With nu calibrated:
//   r^2 = (kappa S2 + mu S3) / (E S1^2) + (eta leak)^2 + nu a^T K a / (a.m)^2,  leak = 1 - P(alpha, b u_L).
#include <cmath>

#include "detgrad/core/macros.hpp"

namespace detgrad::calorimeter {

// Regularised lower incomplete gamma P(a, x): series below a + 1, Lentz's continued
// fraction of Q above (Numerical Recipes' method, written here), to ~1e-15.
DETGRAD_HDI double regularized_gamma_p(double a, double x) {
  if (!(x > 0.0)) return 0.0;
  const double log_prefactor = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1.0) {
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < 1e-17 * std::fabs(sum)) break;
    }
    return sum * std::exp(log_prefactor);
  }
  const double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < 1e-16) break;
  }
  return 1.0 - std::exp(log_prefactor) * h;
}

// d P(a, x) / dx: the Gamma density.
DETGRAD_HDI double gamma_density(double a, double x) {
  if (!(x > 0.0)) return 0.0;
  return std::exp(-x + (a - 1.0) * std::log(x) - std::lgamma(a));
}

struct ResponseSlab {
  double radiation_length_m;  // X0 of its medium
  double mip_loss_GeV_m;      // g: a minimum-ionising particle's mean loss per length
  bool active;
};

// The measured profile covariance (see the top): `bins` bins in depth with boundaries edges
// (X0, bins + 1; the hats' nodes are the bins' centres), covariance bins x bins and mean
// (fractions of the beam energy).
struct ProfileKernel {
  int bins = 0;
  const double* edges = nullptr;
  const double* covariance = nullptr;
  const double* mean = nullptr;
};

struct ResponseShape {
  double alpha;    // Gamma shape
  double rate;     // Gamma rate b, 1/X0
  double energy_GeV;
  double kappa;    // sampling-fluctuation scale, GeV^(2 - gamma) (calibrated)
  double eta;      // leakage-fluctuation factor (calibrated)
  double gamma;    // exponent of the cell's mip loss (calibrated; 1: Amaldi)
  double mu;       // scale of the in-slab fluctuation term, GeV^(3 - gamma) (calibrated)
  double nu = 0.0;  // weight of the profile-fluctuation term (calibrated; 1 if the kernel says all)
  ProfileKernel kernel;
};

// Doubles of `work` that resolution_squared and its adjoint need for n slabs and `bins` kernel bins.
DETGRAD_HD inline int response_work_size(int n, int bins) { return 4 * (n + 1) + 3 * bins; }

// The sums over the sampling cells (the passive slabs before an active slab, and the active
// slab) given the profile's integral P at the slab boundaries: s1 = sum f C,
// s2 = sum f^2 DeltaE^gamma C, s3 = sum f^2 DeltaE^gamma C / V (resolution_squared's terms).
DETGRAD_HD inline void cell_sums(const ResponseSlab* slabs, const double* d, int n, const ResponseShape& s,
                                 const double* p, double& s1, double& s2, double& s3) {
  s1 = s2 = s3 = 0.0;
  double cell_loss = 0.0, cell_c = 0.0;
  for (int l = 0; l < n; ++l) {
    cell_loss += d[l] * slabs[l].mip_loss_GeV_m;
    cell_c += p[l + 1] - p[l];
    if (!slabs[l].active) continue;
    const double vis = d[l] * slabs[l].mip_loss_GeV_m;
    const double f = vis / cell_loss;
    const double t2 = f * f * std::pow(cell_loss, s.gamma) * cell_c;
    s1 += f * cell_c;
    s2 += t2;
    s3 += t2 / vis;
    cell_loss = 0.0;
    cell_c = 0.0;
  }
}

// Hat function j of the kernel's bins at depth t: its value and its integral from 0 to t.
struct Hat {
  double value = 0.0, integral = 0.0;
};
DETGRAD_HDI Hat hat(const ProfileKernel& k, int j, double t) {
  const double c = 0.5 * (k.edges[j] + k.edges[j + 1]);
  const double end = k.edges[k.bins];
  Hat h;
  if (j == 0) {  // flat from 0 to the first centre
    const double flat = t < c ? t : c;
    h.integral += flat > 0.0 ? flat : 0.0;
    if (t <= c) h.value = t >= 0.0 ? 1.0 : 0.0;
  } else {  // rising from the previous centre a
    const double a = 0.5 * (k.edges[j - 1] + k.edges[j]);
    if (t > a) {
      const double top = t < c ? t : c;
      h.integral += (top - a) * (top - a) / (2.0 * (c - a));
      if (t <= c) h.value = (t - a) / (c - a);
    }
  }
  if (j == k.bins - 1) {  // flat from the last centre to the end
    if (t > c) {
      const double top = t < end ? t : end;
      h.integral += top - c;
      h.value = t <= end ? 1.0 : 0.0;
    }
  } else {  // falling to the next centre b
    const double b = 0.5 * (k.edges[j + 1] + k.edges[j + 2]);
    if (t > c) {
      const double top = t < b ? t : b;
      h.integral += ((b - c) * (b - c) - (b - top) * (b - top)) / (2.0 * (b - c));
      if (t < b) h.value = (b - t) / (b - c);
    }
  }
  return h;
}

// The integral of hat j over the whole kernel (H_j).
DETGRAD_HDI double hat_total(const ProfileKernel& k, int j) { return hat(k, j, k.edges[k.bins]).integral; }

// Visits every sampling cell (the passive slabs after the previous active slab, and the active
// slab): visit(first slab, active slab, f, the cell's mip loss), f the active slab's share.
template <typename Visit>
DETGRAD_HD inline void for_each_sampling_cell(const ResponseSlab* slabs, const double* d, int n, Visit&& visit) {
  double cell_loss = 0.0;
  int cell_start = 0;
  for (int l = 0; l < n; ++l) {
    cell_loss += d[l] * slabs[l].mip_loss_GeV_m;
    if (!slabs[l].active) continue;
    visit(cell_start, l, d[l] * slabs[l].mip_loss_GeV_m / cell_loss, cell_loss);
    cell_loss = 0.0;
    cell_start = l + 1;
  }
}

// a^T K a (given K a) and a.m.
struct ProfileQuadratic {
  double aka = 0.0, am = 0.0;
};
DETGRAD_HDI ProfileQuadratic profile_quadratic(const ProfileKernel& k, const double* A, const double* KA) {
  ProfileQuadratic q;
  for (int i = 0; i < k.bins; ++i) {
    q.aka += A[i] * KA[i];
    q.am += A[i] * k.mean[i];
  }
  return q;
}

// The profile-fluctuation term a^T K a / (a.m)^2 for boundaries u (n + 1, X0); A and KA
// (kernel.bins each) receive a and K a.
DETGRAD_HD inline double profile_fluctuation(const ResponseSlab* slabs, const double* d, int n, const ProfileKernel& k,
                                             const double* u, double* A, double* KA) {
  for (int j = 0; j < k.bins; ++j) A[j] = 0.0;
  for_each_sampling_cell(slabs, d, n, [&](int first, int active, double f, double) {
    for (int j = 0; j < k.bins; ++j)
      A[j] += f * (hat(k, j, u[active + 1]).integral - hat(k, j, u[first]).integral) / hat_total(k, j);
  });
  for (int i = 0; i < k.bins; ++i) {
    KA[i] = 0.0;
    for (int j = 0; j < k.bins; ++j) KA[i] += k.covariance[i * k.bins + j] * A[j];
  }
  const ProfileQuadratic q = profile_quadratic(k, A, KA);
  return q.aka / (q.am * q.am);
}

// Adds d_term * d(profile_fluctuation)/d(d_l) to d_d and its part through the boundaries to
// d_u (n + 1); A, KA as the forward left them; d_A holds kernel.bins doubles.
DETGRAD_HD inline void profile_fluctuation_adjoint(const ResponseSlab* slabs, const double* d, int n,
                                                   const ProfileKernel& k, const double* u, const double* A,
                                                   const double* KA, double d_term, double* d_d, double* d_u,
                                                   double* d_A) {
  const ProfileQuadratic q = profile_quadratic(k, A, KA);
  const double d_aka = d_term / (q.am * q.am);
  const double d_am = -2.0 * d_term * q.aka / (q.am * q.am * q.am);
  for (int i = 0; i < k.bins; ++i) d_A[i] = 2.0 * KA[i] * d_aka + k.mean[i] * d_am;  // K symmetric
  for_each_sampling_cell(slabs, d, n, [&](int first, int active, double f, double cell_loss) {
    double d_f = 0.0;
    for (int j = 0; j < k.bins; ++j) {
      const Hat end = hat(k, j, u[active + 1]), start = hat(k, j, u[first]);
      const double w = d_A[j] / hat_total(k, j);
      d_f += w * (end.integral - start.integral);
      d_u[active + 1] += w * f * end.value;
      d_u[first] -= w * f * start.value;
    }
    // f = vis / cell_loss, vis = d_active g_active, cell_loss = sum over the cell of d g
    const double d_loss = -d_f * f / cell_loss;
    for (int j = first; j <= active; ++j) d_d[j] += d_loss * slabs[j].mip_loss_GeV_m;
    d_d[active] += d_f / cell_loss * slabs[active].mip_loss_GeV_m;
  });
}

// r^2 of one beam energy for slab thicknesses d[0..n-1] (m). `work` holds
// response_work_size(n, s.kernel.bins) doubles.
DETGRAD_HD inline double resolution_squared(const ResponseSlab* slabs, const double* d, int n, const ResponseShape& s,
                                            double* work) {
  double* p = work;            // P(alpha, b u_l), l = 0..n
  double* u = work + (n + 1);  // boundaries
  double* A = work + 2 * (n + 1);
  double* KA = A + s.kernel.bins;
  u[0] = 0.0;
  p[0] = 0.0;
  for (int l = 0; l < n; ++l) {
    u[l + 1] = u[l] + d[l] / slabs[l].radiation_length_m;
    p[l + 1] = regularized_gamma_p(s.alpha, s.rate * u[l + 1]);
  }
  double s1, s2, s3;
  cell_sums(slabs, d, n, s, p, s1, s2, s3);
  const double leak = 1.0 - p[n];
  double r2 = (s.kappa * s2 + s.mu * s3) / (s.energy_GeV * s1 * s1) + s.eta * s.eta * leak * leak;
  if (s.nu != 0.0 && s.kernel.bins > 0) r2 += s.nu * profile_fluctuation(slabs, d, n, s.kernel, u, A, KA);
  return r2;
}

// Adds d_r2 * d(r^2)/d(d_l) to d_d[l]. `work` holds response_work_size(n, s.kernel.bins) doubles.
DETGRAD_HD inline void resolution_squared_adjoint(const ResponseSlab* slabs, const double* d, int n,
                                                  const ResponseShape& s, double d_r2, double* d_d, double* work) {
  double* p = work;              // P at the boundaries, n + 1
  double* u = work + (n + 1);    // boundaries, n + 1
  double* d_p = work + 2 * (n + 1);  // cotangents of P, n + 1
  double* d_u = work + 3 * (n + 1);  // cotangents of u, n + 1
  double* A = work + 4 * (n + 1);    // kernel bins: a, K a and the cotangent of a
  double* KA = A + s.kernel.bins;
  double* d_A = KA + s.kernel.bins;
  u[0] = 0.0;
  p[0] = 0.0;
  for (int l = 0; l < n; ++l) {
    u[l + 1] = u[l] + d[l] / slabs[l].radiation_length_m;
    p[l + 1] = regularized_gamma_p(s.alpha, s.rate * u[l + 1]);
  }
  for (int l = 0; l <= n; ++l) d_p[l] = d_u[l] = 0.0;
  if (s.nu != 0.0 && s.kernel.bins > 0) {
    profile_fluctuation(slabs, d, n, s.kernel, u, A, KA);
    profile_fluctuation_adjoint(slabs, d, n, s.kernel, u, A, KA, d_r2 * s.nu, d_d, d_u, d_A);
  }
  // Forward sums again (cheap), then their cotangents.
  double s1, s2, s3;
  cell_sums(slabs, d, n, s, p, s1, s2, s3);
  const double leak = 1.0 - p[n];
  const double d_s2 = d_r2 * s.kappa / (s.energy_GeV * s1 * s1);
  const double d_s3 = d_r2 * s.mu / (s.energy_GeV * s1 * s1);
  const double d_s1 = d_r2 * (-2.0 * (s.kappa * s2 + s.mu * s3) / (s.energy_GeV * s1 * s1 * s1));
  d_p[n] += -d_r2 * 2.0 * s.eta * s.eta * leak;
  int cell_start = 0;
  double cell_loss = 0.0, cell_c = 0.0;
  for (int l = 0; l < n; ++l) {
    cell_loss += d[l] * slabs[l].mip_loss_GeV_m;
    cell_c += p[l + 1] - p[l];
    if (!slabs[l].active) continue;
    const double vis = d[l] * slabs[l].mip_loss_GeV_m;
    const double f = vis / cell_loss;
    const double loss_g = std::pow(cell_loss, s.gamma);
    // t2 = f^2 loss_g C and t3 = t2 / vis: d_t2 collects both (d_s2 + d_s3 / vis).
    const double d_t2 = d_s2 + d_s3 / vis;
    const double t2 = f * f * loss_g * cell_c;
    const double d_f = d_s1 * cell_c + d_t2 * 2.0 * f * loss_g * cell_c;
    const double d_c = d_s1 * f + d_t2 * f * f * loss_g;
    const double d_loss = d_t2 * f * f * cell_c * s.gamma * loss_g / cell_loss - d_f * f / cell_loss;
    const double d_vis = d_f / cell_loss - d_s3 * t2 / (vis * vis);
    for (int j = cell_start; j <= l; ++j) {
      d_d[j] += d_loss * slabs[j].mip_loss_GeV_m;
      d_p[j + 1] += d_c;
      d_p[j] -= d_c;
    }
    d_d[l] += d_vis * slabs[l].mip_loss_GeV_m;
    cell_start = l + 1;
    cell_loss = 0.0;
    cell_c = 0.0;
  }
  // P_l = P(alpha, b u_l): d_u_l += d_P_l b density(alpha, b u_l) (d_u holds the profile term's
  // part already); u_l = sum_{j<l} d_j / X0_j.
  double suffix = 0.0;
  for (int l = n; l >= 1; --l) {
    d_u[l] += d_p[l] * s.rate * gamma_density(s.alpha, s.rate * u[l]);
    suffix += d_u[l];
    d_d[l - 1] += suffix / slabs[l - 1].radiation_length_m;
  }
}

}  // namespace detgrad::calorimeter
