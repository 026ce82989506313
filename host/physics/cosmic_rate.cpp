// Host side of the cosmic-muon source: envelope construction and checks, rates, exposure.
#include "detgrad/physics/cosmic_rate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "detgrad/core/units.hpp"

namespace detgrad {
namespace {

constexpr int kGaussOrder = 16;
constexpr double kCm2PerM2 = 1e4;  // cm^-2 -> m^-2

// Nodes and weights of Gauss-Legendre quadrature on [-1, 1] (Newton iteration on P_n).
struct GaussLegendre {
  std::array<double, kGaussOrder> node{}, weight{};
  GaussLegendre() {
    const int n = kGaussOrder;
    for (int i = 0; i < n; ++i) {
      double x = std::cos(units::kPi * (i + 0.75) / (n + 0.5));
      double dp = 1.0;
      for (int iter = 0; iter < 100; ++iter) {
        double p0 = 1.0, p1 = x;  // P_0, P_1; recurrence (k+1) P_{k+1} = (2k+1) x P_k - k P_{k-1}
        for (int k = 1; k < n; ++k) {
          const double p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
          p0 = p1;
          p1 = p2;
        }
        dp = n * (x * p1 - p0) / (x * x - 1.0);
        const double dx = p1 / dp;
        x -= dx;
        if (std::fabs(dx) < 1e-15) break;
      }
      node[i] = x;
      weight[i] = 2.0 / ((1.0 - x * x) * dp * dp);
    }
  }
};

const GaussLegendre& gauss_legendre() {
  static const GaussLegendre rule;
  return rule;
}

// Composite Gauss-Legendre of f over [a, b] with `panels` equal panels.
template <typename F>
double integrate(F&& f, double a, double b, int panels) {
  const GaussLegendre& gl = gauss_legendre();
  const double h = (b - a) / panels;
  double sum = 0.0;
  for (int p = 0; p < panels; ++p) {
    const double mid = a + (p + 0.5) * h;
    for (int i = 0; i < kGaussOrder; ++i) sum += gl.weight[i] * f(mid + 0.5 * h * gl.node[i]);
  }
  return 0.5 * h * sum;
}

// int dE I(E, c) over [e1, e2], in ln E (the spectrum is close to a power law).
double energy_integral(CosmicModel model, double e1, double e2, double c) {
  const auto integrand = [&](double u) {
    const double e = std::exp(u);
    return e * muon_intensity<double>(model, e, c);
  };
  return integrate(integrand, std::log(e1), std::log(e2), 24);
}

double envelope_index(CosmicModel model) {
  return model == CosmicModel::guan2015 ? guan2015::kSpectralIndex : shukla2016::kIndex;
}

// a_j: the models' own low-energy shift at the bin's upper edge (the smallest in the bin).
double envelope_shift_GeV(CosmicModel model, double c_upper) {
  if (model == CosmicModel::shukla2016) return shukla2016::kE0_GeV;
  return guan2015::kLowEnergyScale_GeV * std::pow(guan2015::cos_star(c_upper), -guan2015::kLowEnergyCosPower);
}

// Smallest and largest ratio f c / (E + a)^-gamma (the density over the envelope's shape)
// on a grid of [c_lo, c_hi] x [e1, e2], with n_c points in c and n_e + 1 points
// log-spaced in E (edges included); offset in (0, 1) shifts the interior energy points.
struct RatioRange {
  double min, max;
};
RatioRange ratio_range(CosmicModel model, double gamma, double a, double c_lo, double c_hi, double e1, double e2,
                       int n_c, int n_e, double offset) {
  RatioRange range{std::numeric_limits<double>::infinity(), 0.0};
  for (int ic = 0; ic < n_c; ++ic) {
    const double c = c_lo + (c_hi - c_lo) * ic / (n_c - 1);
    for (int ie = 0; ie <= n_e; ++ie) {
      const double t = ie == 0 ? 0.0 : (ie == n_e ? 1.0 : (ie - 1 + offset) / (n_e - 1));
      const double e = e1 * std::pow(e2 / e1, t);
      const double ratio = muon_intensity<double>(model, e, c) * c / std::pow(e + a, -gamma);
      range.min = std::min(range.min, ratio);
      range.max = std::max(range.max, ratio);
    }
  }
  return range;
}

// The squeeze table of bin j (cosmic_source.hpp): per bucket the grid minimum of the
// acceptance ratio times 0.995, kept only where a denser, offset grid confirms it.
void fill_squeeze(CosmicSource& source, int j, CosmicModel model, double c_lo, double c_hi) {
  const double a = source.shift_GeV[j], gamma = source.envelope_index;
  const double x_min = source.energy_min_GeV + a, x_max = source.energy_max_GeV + a;
  for (int k = 0; k < kCosmicSqueezeBuckets; ++k) {
    source.squeeze[j][k] = 0;
    const double lo = std::max(x_min, std::ldexp(1.0, source.squeeze_first_exponent + k));
    const double hi = std::min(x_max, std::ldexp(1.0, source.squeeze_first_exponent + k + 1));
    if (!(hi > lo)) continue;
    const double bound = 0.995 * ratio_range(model, gamma, a, c_lo, c_hi, lo - a, hi - a, 9, 32, 0.5).min / source.bound[j];
    const double check = ratio_range(model, gamma, a, c_lo, c_hi, lo - a, hi - a, 17, 129, 0.37).min / source.bound[j];
    if (bound > 0.0 && check >= bound) source.squeeze[j][k] = std::uint8_t(std::min(255.0, std::floor(bound * 256.0)));
  }
}

void validate(const CosmicSourceConfig& config) {
  std::ostringstream why;
  if (!(config.momentum_min_GeV > 0.0)) why << "momentum_min_GeV must be > 0 GeV/c";
  else if (!(config.momentum_max_GeV > config.momentum_min_GeV)) why << "momentum_max_GeV must exceed momentum_min_GeV";
  else if (!(config.zenith_max_rad > 0.0 && config.zenith_max_rad <= 0.5 * units::kPi + 1e-12))
    why << "zenith_max_rad must be in (0, pi/2]";
  else if (!(config.charge_ratio > 0.0)) why << "charge_ratio must be > 0";
  if (!why.str().empty()) throw std::invalid_argument("cosmic source: " + why.str());
}

double cos_min_of(const CosmicSourceConfig& config) { return std::max(0.0, std::cos(config.zenith_max_rad)); }

}  // namespace

double muon_energy_GeV(double momentum_GeV) {
  return std::sqrt(momentum_GeV * momentum_GeV + units::kMuonMass_GeV * units::kMuonMass_GeV);
}

double cosmic_rate_in_window_per_m2_s(CosmicModel model, double energy_min_GeV, double energy_max_GeV,
                                      double cos_min, double cos_max) {
  const auto integrand = [&](double c) { return c * energy_integral(model, energy_min_GeV, energy_max_GeV, c); };
  return 2.0 * units::kPi * kCm2PerM2 * integrate(integrand, cos_min, cos_max, 32);
}

double cosmic_rate_per_m2_s(const CosmicSourceConfig& config) {
  validate(config);
  return cosmic_rate_in_window_per_m2_s(config.model, muon_energy_GeV(config.momentum_min_GeV),
                                        muon_energy_GeV(config.momentum_max_GeV), cos_min_of(config), 1.0);
}

double exposure_seconds(const CosmicSourceConfig& config, double plane_area_m2, double muons_generated) {
  if (!(plane_area_m2 > 0.0)) throw std::invalid_argument("exposure_seconds: plane area must be > 0 m^2");
  return muons_generated / (cosmic_rate_per_m2_s(config) * plane_area_m2);
}

double vertical_integral_intensity_per_m2_s_sr(CosmicModel model, double momentum_min_GeV, double momentum_max_GeV) {
  return kCm2PerM2 * energy_integral(model, muon_energy_GeV(momentum_min_GeV), muon_energy_GeV(momentum_max_GeV), 1.0);
}

CosmicSource build_cosmic_source(const CosmicSourceConfig& config) {
  validate(config);
  CosmicSource source{};
  source.model = config.model;
  source.energy_min_GeV = muon_energy_GeV(config.momentum_min_GeV);
  source.energy_max_GeV = muon_energy_GeV(config.momentum_max_GeV);
  source.cos_min = cos_min_of(config);
  source.bin_width = (1.0 - source.cos_min) / kCosmicEnvelopeBins;
  source.positive_fraction = config.charge_ratio / (1.0 + config.charge_ratio);
  const double gamma = envelope_index(config.model);
  source.envelope_index = gamma;
  const double e1 = source.energy_min_GeV, e2 = source.energy_max_GeV;

  // The grid maximum is smooth to O(h^2) ~ 1e-4 in ln E and monotone in c: 1 % margin.
  constexpr double kMargin = 1.01;
  double weights[kCosmicEnvelopeBins];
  double envelope_total = 0.0;  // cm^-2 s^-1 (over azimuth)
  for (int j = 0; j < kCosmicEnvelopeBins; ++j) {
    const double c_lo = source.cos_min + j * source.bin_width;
    const double c_hi = j + 1 == kCosmicEnvelopeBins ? 1.0 : c_lo + source.bin_width;
    const double a = envelope_shift_GeV(config.model, c_hi);
    const double bound = kMargin * ratio_range(config.model, gamma, a, c_lo, c_hi, e1, e2, 5, 160, 0.5).max;
    // Check on a denser grid, offset from the first one.
    const double check = ratio_range(config.model, gamma, a, c_lo, c_hi, e1, e2, 17, 1021, 0.37).max;
    if (!(bound > 0.0) || check > bound) {
      std::ostringstream msg;
      msg << "cosmic source: envelope does not dominate the density in cos-zenith bin [" << c_lo << ", " << c_hi
          << "] (bound " << bound << ", maximum found " << check << ")";
      throw std::runtime_error(msg.str());
    }
    source.shift_GeV[j] = a;
    source.power_low[j] = std::pow(source.energy_min_GeV + a, 1.0 - source.envelope_index);
    source.power_high[j] = std::pow(source.energy_max_GeV + a, 1.0 - source.envelope_index);
    source.bound[j] = bound;
    // Integral of the envelope over the bin: B_j dc int (E + a)^-gamma dE.
    const double z = (std::pow(e1 + a, 1.0 - gamma) - std::pow(e2 + a, 1.0 - gamma)) / (gamma - 1.0);
    weights[j] = bound * source.bin_width * z;
    envelope_total += weights[j];
  }
  int first_exponent = 0;
  std::frexp(e1 + source.shift_GeV[kCosmicEnvelopeBins - 1], &first_exponent);  // the smallest shift: c = 1
  source.squeeze_first_exponent = first_exponent - 1;
  for (int j = 0; j < kCosmicEnvelopeBins; ++j) {
    const double c_lo = source.cos_min + j * source.bin_width;
    fill_squeeze(source, j, config.model, c_lo, j + 1 == kCosmicEnvelopeBins ? 1.0 : c_lo + source.bin_width);
  }
  double running = 0.0;
  for (int j = 0; j < kCosmicEnvelopeBins; ++j) {
    running += weights[j];
    source.cumulative[j] = running / envelope_total;
  }
  source.cumulative[kCosmicEnvelopeBins - 1] = 1.0;
  source.rate_per_m2_s = cosmic_rate_per_m2_s(config);
  source.acceptance = source.rate_per_m2_s / (2.0 * units::kPi * kCm2PerM2 * envelope_total);
  if (!(source.acceptance > 0.5 && source.acceptance <= 1.0)) {
    std::ostringstream msg;
    msg << "cosmic source: envelope acceptance " << source.acceptance << " outside (0.5, 1]";
    throw std::runtime_error(msg.str());
  }
  return source;
}

}  // namespace detgrad
