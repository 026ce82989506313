#include "calorimeter/response_model.hpp"

#include <array>
#include <cmath>
#include <string>

#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"

namespace detgrad::calorimeter {

ResponseModel::ResponseModel(const CaloStudyConfig& study, std::uint64_t showers) {
  const ShowerSetup setup(stack_spec(study), em_cuts(study), 1e-3 * study.cuts.range_rejection_MeV);
  const EmTables<double> tables = setup.tables<double>();
  // The stack's X0-weighted critical energy and Z_eff set the Gamma profile's shape
  // (Grindhammer-Peters homogeneous media, hep-ex/0001020 eqs. 5-6), held fixed.
  double sum_w = 0.0, ec = 0.0, z = 0.0;
  for (const Slab<double>& s : setup.slabs()) {
    const CaloMedium& m = *setup.media()[s.medium];
    const double x0 = m.material->radiation_length_m();
    const double w = (s.z_high - s.z_low) / x0;
    slabs_.push_back({x0, tables.lookup(s.medium, kDedxMuon, kMipKinetic_GeV), s.readout >= 0});
    thickness_.push_back(s.z_high - s.z_low);
    sum_w += w;
    ec += w * m.critical_energy_GeV;
    z += w * m.z_eff;
  }
  ec /= sum_w;
  z /= sum_w;
  for (double e : study.source.energies_GeV) {
    const double ln_y = std::log(e / ec);
    const double t_max = std::fmax(ln_y - 0.858, 0.5);
    const double alpha = std::fmax(0.21 + (0.492 + 2.38 / z) * ln_y, 1.5);
    shapes_.push_back({alpha, (alpha - 1.0) / t_max, e, 1.0, 1.0, 1.0, 0.0});
  }
  calibrate(study, showers);
}

namespace {

// Weighted non-negative least squares of y = sum_i c_i basis_i with three basis columns:
// every subset of the columns is fitted and the admissible fit (all c_i >= 0) of least chi^2
// is kept. Returns chi^2.
double fit_nonnegative(const std::vector<std::array<double, 3>>& basis, const std::vector<double>& y,
                       const std::vector<double>& sigma, std::array<double, 3>& coefficients) {
  double best = 1e300;
  for (int mask = 1; mask < 8; ++mask) {
    int idx[3], n = 0;
    for (int i = 0; i < 3; ++i)
      if (mask & (1 << i)) idx[n++] = i;
    double m[3][4] = {};
    for (std::size_t j = 0; j < y.size(); ++j) {
      const double w = 1.0 / (sigma[j] * sigma[j]);
      for (int a = 0; a < n; ++a) {
        for (int b = 0; b < n; ++b) m[a][b] += w * basis[j][idx[a]] * basis[j][idx[b]];
        m[a][3] += w * basis[j][idx[a]] * y[j];
      }
    }
    bool ok = true;
    for (int a = 0; a < n && ok; ++a) {
      if (!(std::fabs(m[a][a]) > 1e-300)) ok = false;
      for (int r = 0; r < n && ok; ++r) {
        if (r == a) continue;
        const double q = m[r][a] / m[a][a];
        for (int c = a; c < 4; ++c) m[r][c] -= q * m[a][c];
      }
    }
    if (!ok) continue;
    std::array<double, 3> c = {0.0, 0.0, 0.0};
    for (int a = 0; a < n; ++a) c[idx[a]] = m[a][3] / m[a][a];
    if (c[0] < 0 || c[1] < 0 || c[2] < 0) continue;
    double chi2 = 0.0;
    for (std::size_t j = 0; j < y.size(); ++j) {
      const double r = (c[0] * basis[j][0] + c[1] * basis[j][1] + c[2] * basis[j][2] - y[j]) / sigma[j];
      chi2 += r * r;
    }
    if (chi2 < best) {
      best = chi2;
      coefficients = c;
    }
  }
  return best;
}

}  // namespace

void ResponseModel::calibrate(const CaloStudyConfig& study, std::uint64_t showers) {
  // Particle level of the study's stack with every passive slab scaled by 0.7, 1 and 1.4,
  // and with every active slab scaled by 0.6.
  struct Point {
    std::vector<double> x;
    std::size_t energy;
    double r2, sigma_r2;
  };
  std::vector<Point> points;
  const double layouts[4][2] = {{0.7, 1.0}, {1.0, 1.0}, {1.4, 1.0}, {1.0, 0.6}};  // passive, active scale
  for (const auto& scale : layouts) {
    CaloStudyConfig s = study;
    for (LayerGroupConfig& g : s.layers)
      for (SlabConfig& slab : g.slabs) slab.thickness_m *= slab.active ? scale[1] : scale[0];
    std::vector<double> x = thickness_;
    for (std::size_t l = 0; l < x.size(); ++l) x[l] *= slabs_[l].active ? scale[1] : scale[0];
    const ShowerSetup setup(stack_spec(s), em_cuts(s), 1e-3 * s.cuts.range_rejection_MeV);
    const CaloEvaluation pl = evaluate_calorimeter(s, setup, showers);
    for (std::size_t k = 0; k < pl.points.size(); ++k) {
      const double r = pl.points[k].resolution;
      points.push_back({x, k, r * r, 2.0 * r * pl.points[k].resolution_error});
      if (scale[0] == 1.0 && scale[1] == 1.0) particle_level_.push_back(r);
    }
  }
  // For each gamma on a grid, kappa, mu and eta^2 (all >= 0) by weighted linear least
  // squares of r^2 = kappa A + mu B + eta^2 L; the gamma of least chi^2.
  std::vector<double> work(2 * thickness_.size() + 2), y, sigma;
  for (const Point& p : points) {
    y.push_back(p.r2);
    sigma.push_back(p.sigma_r2);
  }
  double best_chi2 = 1e300;
  for (int i = 0; i <= 75; ++i) {
    const double gamma = 0.5 + 0.02 * i;
    std::vector<std::array<double, 3>> basis(points.size());
    for (std::size_t j = 0; j < points.size(); ++j)
      for (int c = 0; c < 3; ++c) {
        ResponseShape sh = shapes_[points[j].energy];
        sh.gamma = gamma;
        sh.kappa = c == 0 ? 1.0 : 0.0;
        sh.mu = c == 1 ? 1.0 : 0.0;
        sh.eta = c == 2 ? 1.0 : 0.0;
        basis[j][c] = resolution_squared(slabs_.data(), points[j].x.data(), int(thickness_.size()), sh, work.data());
      }
    std::array<double, 3> c = {0.0, 0.0, 0.0};
    const double chi2 = fit_nonnegative(basis, y, sigma, c);
    if (chi2 < best_chi2) {
      best_chi2 = chi2;
      kappa_ = c[0];
      mu_ = c[1];
      eta_ = std::sqrt(c[2]);
      gamma_ = gamma;
    }
  }
  for (ResponseShape& sh : shapes_) {
    sh.kappa = kappa_;
    sh.mu = mu_;
    sh.eta = eta_;
    sh.gamma = gamma_;
  }
}

std::vector<optimize::ParameterSpec> ResponseModel::parameters() const {
  std::vector<optimize::ParameterSpec> p;
  for (std::size_t l = 0; l < thickness_.size(); ++l)
    p.push_back({"thickness[" + std::to_string(l) + "]", "m", slabs_[l].active ? "active_thickness" : "absorber_thickness",
                 1e-5, 1.0});
  return p;
}

std::vector<double> ResponseModel::resolutions(const std::vector<double>& x) const {
  std::vector<double> work(2 * x.size() + 2), r;
  for (const ResponseShape& s : shapes_)
    r.push_back(std::sqrt(resolution_squared(slabs_.data(), x.data(), int(x.size()), s, work.data())));
  return r;
}

double ResponseModel::loss(const std::vector<double>& x, std::vector<double>* gradient) const {
  std::vector<double> work(4 * x.size() + 4);
  const double n = double(shapes_.size());
  double sum = 0.0;
  for (const ResponseShape& s : shapes_) {
    sum += resolution_squared(slabs_.data(), x.data(), int(x.size()), s, work.data()) / n;
    if (gradient) resolution_squared_adjoint(slabs_.data(), x.data(), int(x.size()), s, 1.0 / n, gradient->data(), work.data());
  }
  return sum;
}

}  // namespace detgrad::calorimeter
