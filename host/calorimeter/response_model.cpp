#include "calorimeter/response_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "calorimeter/calo_design.hpp"
#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_study_json.hpp"

namespace detgrad::calorimeter {

namespace {

ShowerSetup setup_of(const CaloStudyConfig& study) {
  return ShowerSetup(stack_spec(study), em_cuts(study), 1e-3 * study.cuts.range_rejection_MeV);
}

// The model's view of a stack's slabs and their thicknesses.
void response_slabs(const ShowerSetup& setup, std::vector<ResponseSlab>& slabs, std::vector<double>& thickness) {
  const EmTables<double> tables = setup.tables<double>();
  for (const Slab<double>& s : setup.slabs()) {
    const CaloMedium& m = *setup.media()[s.medium];
    slabs.push_back({m.material->radiation_length_m(), tables.lookup(s.medium, kDedxMuon, kMipKinetic_GeV), s.readout >= 0});
    thickness.push_back(s.z_high - s.z_low);
  }
}

// The study's stack followed by repeats of its last sampling cell (the slabs after the
// next-to-last active slab, up to the last active one) until it is `factor` times as deep in X0.
CaloStudyConfig deepened(const CaloStudyConfig& study, const std::vector<ResponseSlab>& slabs,
                         const std::vector<double>& thickness, double factor) {
  CaloStudyConfig s = unflatten(study, thickness);  // one layer per slab
  int last = -1, before = -1;
  for (int l = 0; l < int(slabs.size()); ++l)
    if (slabs[l].active) {
      before = last;
      last = l;
    }
  double depth = 0.0, cell = 0.0;
  for (std::size_t l = 0; l < slabs.size(); ++l) depth += thickness[l] / slabs[l].radiation_length_m;
  LayerGroupConfig group;
  for (int l = before + 1; l <= last; ++l) {
    group.slabs.push_back(s.layers[l].slabs[0]);
    cell += thickness[l] / slabs[l].radiation_length_m;
  }
  group.repeat = int(std::ceil((factor - 1.0) * depth / cell));
  if (last >= 0 && group.repeat > 0) s.layers.push_back(group);
  return s;
}

}  // namespace

ResponseModel::ResponseModel(const CaloStudyConfig& study, std::uint64_t showers) {
  const ShowerSetup setup = setup_of(study);
  response_slabs(setup, slabs_, thickness_);
  // The stack's X0-weighted critical energy and Z_eff set the Gamma profile's shape
  // (Grindhammer-Peters homogeneous media, hep-ex/0001020 eqs. 5-6), held fixed.
  double sum_w = 0.0, ec = 0.0, z = 0.0;
  for (const Slab<double>& s : setup.slabs()) {
    const CaloMedium& m = *setup.media()[s.medium];
    const double x0 = m.material->radiation_length_m();
    const double w = (s.z_high - s.z_low) / x0;
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
    shapes_.push_back({alpha, (alpha - 1.0) / t_max, e, 1.0, 1.0, 1.0, 0.0, 0.0, {}});
  }
  calibrate(study, showers);
}

namespace {

constexpr int kTerms = 4;  // kappa, mu, eta^2, nu
using Terms = std::array<double, kTerms>;

// Weighted non-negative least squares of y = sum_i c_i basis_i: every subset of the columns
// is fitted and the admissible fit (all c_i >= 0) of least chi^2 is kept. Returns chi^2.
double fit_nonnegative(const std::vector<Terms>& basis, const std::vector<double>& y, const std::vector<double>& sigma,
                       Terms& coefficients) {
  double best = 1e300;
  for (int mask = 1; mask < (1 << kTerms); ++mask) {
    int idx[kTerms], n = 0;
    for (int i = 0; i < kTerms; ++i)
      if (mask & (1 << i)) idx[n++] = i;
    double m[kTerms][kTerms + 1] = {};
    for (std::size_t j = 0; j < y.size(); ++j) {
      const double w = 1.0 / (sigma[j] * sigma[j]);
      for (int a = 0; a < n; ++a) {
        for (int b = 0; b < n; ++b) m[a][b] += w * basis[j][idx[a]] * basis[j][idx[b]];
        m[a][kTerms] += w * basis[j][idx[a]] * y[j];
      }
    }
    bool ok = true;
    for (int a = 0; a < n && ok; ++a) {
      if (!(std::fabs(m[a][a]) > 1e-300)) ok = false;
      for (int r = 0; r < n && ok; ++r) {
        if (r == a) continue;
        const double q = m[r][a] / m[a][a];
        for (int c = a; c <= kTerms; ++c) m[r][c] -= q * m[a][c];
      }
    }
    if (!ok) continue;
    Terms c{};
    for (int a = 0; a < n; ++a) c[idx[a]] = m[a][kTerms] / m[a][a];
    bool admissible = true;
    for (double v : c) admissible = admissible && v >= 0.0;
    if (!admissible) continue;
    double chi2 = 0.0;
    for (std::size_t j = 0; j < y.size(); ++j) {
      double model = 0.0;
      for (int i = 0; i < kTerms; ++i) model += c[i] * basis[j][i];
      const double r = (model - y[j]) / sigma[j];
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

std::vector<std::vector<double>> calibration_layouts(const std::vector<double>& thickness,
                                                     const std::vector<ResponseSlab>& slabs) {
  // passive scale of the front half (by slab index), active scale, passive scale of the back half
  const double scales[5][3] = {{0.7, 1.0, 0.7}, {1.0, 1.0, 1.0}, {1.4, 1.0, 1.4}, {1.0, 0.6, 1.0}, {0.7, 1.0, 1.4}};
  std::vector<std::vector<double>> layouts;
  for (const auto& scale : scales) {
    std::vector<double> x = thickness;
    for (std::size_t l = 0; l < x.size(); ++l)
      x[l] *= slabs[l].active ? scale[1] : (2 * l < x.size() ? scale[0] : scale[2]);
    layouts.push_back(x);
  }
  return layouts;
}

ProfileKernelData measure_profile_kernel(const std::vector<ResponseSlab>& slabs, const std::vector<double>& thickness,
                                         const ShowerTallies& t, double energy_GeV) {
  // Bins: the stack's sampling cells (the passive slabs before an active one, and the active
  // one), and the trailing passive slabs, if any, as one more.
  ProfileKernelData k;
  std::vector<int> bin_of_slab(slabs.size());
  double u = 0.0;
  k.edges.push_back(0.0);
  for (std::size_t l = 0; l < slabs.size(); ++l) {
    u += thickness[l] / slabs[l].radiation_length_m;
    bin_of_slab[l] = int(k.edges.size()) - 1;
    if (slabs[l].active || l + 1 == slabs.size()) k.edges.push_back(u);
  }
  const int bins = int(k.edges.size()) - 1;
  k.mean.assign(bins, 0.0);
  k.covariance.assign(std::size_t(bins) * bins, 0.0);
  const double n = double(t.showers);
  std::vector<double> x(bins);
  std::vector<std::vector<double>> rows;
  for (std::uint64_t i = 0; i < t.showers; ++i) {
    std::fill(x.begin(), x.end(), 0.0);
    for (int l = 0; l < t.slabs; ++l) x[bin_of_slab[l]] += t.slab(i, l) / energy_GeV;
    for (int j = 0; j < bins; ++j) k.mean[j] += x[j] / n;
    rows.push_back(x);
  }
  for (const std::vector<double>& r : rows)
    for (int i = 0; i < bins; ++i)
      for (int j = 0; j < bins; ++j) k.covariance[std::size_t(i) * bins + j] += (r[i] - k.mean[i]) * (r[j] - k.mean[j]) / n;
  return k;
}

ResponseShape ResponseModel::shape(std::size_t energy) const {
  ResponseShape s = shapes_[energy];
  if (energy < kernels_.size()) {
    const ProfileKernelData& k = kernels_[energy];
    s.kernel = {int(k.mean.size()), k.edges.data(), k.covariance.data(), k.mean.data()};
  }
  return s;
}

int ResponseModel::work_size(std::size_t slabs) const {
  int bins = 0;
  for (const ProfileKernelData& k : kernels_) bins = std::max(bins, int(k.mean.size()));
  return response_work_size(int(slabs), bins);
}

void ResponseModel::calibrate(const CaloStudyConfig& study, std::uint64_t showers) {
  struct Point {
    std::vector<double> x;
    std::size_t energy;
    double r2, sigma_r2;
  };
  std::vector<Point> points;
  const std::vector<std::vector<double>> layouts = calibration_layouts(thickness_, slabs_);
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    const CaloStudyConfig s = i == 1 ? study : unflatten(study, layouts[i]);
    const CaloEvaluation pl = evaluate_calorimeter(s, setup_of(s), showers);
    for (std::size_t k = 0; k < pl.points.size(); ++k) {
      const double r = pl.points[k].resolution;
      points.push_back({layouts[i], k, r * r, 2.0 * r * pl.points[k].resolution_error});
      if (i == 1) particle_level_.push_back(r);
    }
  }
  // The profile kernels: the study's stack deepened to twice its depth in X0, or 1.2 x the
  // design's largest scale (deeper than any layout within the design's bounds, so the kernel's
  // end is never a layout's boundary), with kKernelShowerFactor times the showers of the
  // study's own run (its first showers are the same): the covariance of the rare late,
  // leaking showers needs more showers than a resolution.
  if (study.source.spectrum.shape.empty()) {
    const CaloStudyConfig deep = deepened(study, slabs_, thickness_, std::fmax(2.0, 1.2 * study.design.max_scale));
    const ShowerSetup setup = setup_of(deep);
    std::vector<ResponseSlab> deep_slabs;
    std::vector<double> deep_thickness;
    response_slabs(setup, deep_slabs, deep_thickness);
    std::vector<ShowerTallies> rows;
    evaluate_calorimeter(deep, setup, kKernelShowerFactor * showers, &rows);
    for (std::size_t k = 0; k < rows.size() && k < shapes_.size(); ++k)
      kernels_.push_back(measure_profile_kernel(deep_slabs, deep_thickness, rows[k], shapes_[k].energy_GeV));
  }
  // For each gamma on a grid, kappa, mu, eta^2 and nu (all >= 0) by weighted linear least
  // squares of r^2 = kappa A + mu B + eta^2 L + nu V; the gamma of least chi^2.
  std::vector<double> work(work_size(thickness_.size())), y, sigma;
  for (const Point& p : points) {
    y.push_back(p.r2);
    sigma.push_back(p.sigma_r2);
  }
  double best_chi2 = 1e300;
  for (int i = 0; i <= 75; ++i) {
    const double gamma = 0.5 + 0.02 * i;
    std::vector<Terms> basis(points.size());
    for (std::size_t j = 0; j < points.size(); ++j)
      for (int c = 0; c < kTerms; ++c) {
        ResponseShape sh = shape(points[j].energy);
        sh.gamma = gamma;
        sh.kappa = c == 0 ? 1.0 : 0.0;
        sh.mu = c == 1 ? 1.0 : 0.0;
        sh.eta = c == 2 ? 1.0 : 0.0;
        sh.nu = c == 3 ? 1.0 : 0.0;
        basis[j][c] = resolution_squared(slabs_.data(), points[j].x.data(), int(thickness_.size()), sh, work.data());
      }
    Terms c{};
    const double chi2 = fit_nonnegative(basis, y, sigma, c);
    if (chi2 < best_chi2) {
      best_chi2 = chi2;
      kappa_ = c[0];
      mu_ = c[1];
      eta_ = std::sqrt(c[2]);
      nu_ = c[3];
      gamma_ = gamma;
    }
  }
  calibration_chi2_ = best_chi2;
  calibration_points_ = points.size();
  for (ResponseShape& sh : shapes_) {
    sh.kappa = kappa_;
    sh.mu = mu_;
    sh.eta = eta_;
    sh.nu = nu_;
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
  std::vector<double> work(work_size(x.size())), r;
  for (std::size_t k = 0; k < shapes_.size(); ++k)
    r.push_back(std::sqrt(resolution_squared(slabs_.data(), x.data(), int(x.size()), shape(k), work.data())));
  return r;
}

double ResponseModel::loss(const std::vector<double>& x, std::vector<double>* gradient) const {
  std::vector<double> work(work_size(x.size()));
  const double n = double(shapes_.size());
  double sum = 0.0;
  for (std::size_t k = 0; k < shapes_.size(); ++k) {
    const ResponseShape s = shape(k);
    sum += resolution_squared(slabs_.data(), x.data(), int(x.size()), s, work.data()) / n;
    if (gradient) resolution_squared_adjoint(slabs_.data(), x.data(), int(x.size()), s, 1.0 / n, gradient->data(), work.data());
  }
  return sum;
}

}  // namespace detgrad::calorimeter
