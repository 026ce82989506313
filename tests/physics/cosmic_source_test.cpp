// Cosmic-muon sampler: goodness of fit of the sampled momenta and zenith angles against
// bin probabilities integrated here (Simpson's rule on the analytic density I(E, c) c, not
// the sampler's envelope code), charge ratio, acceptance, azimuth, ranges, float/double
// agreement; rate and exposure against an independent midpoint integration.
#include "detgrad/physics/cosmic_source.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "detgrad/core/units.hpp"
#include "detgrad/physics/cosmic_rate.hpp"

namespace detgrad {
namespace {

static_assert(std::is_trivially_copyable<CosmicSource>::value, "kernels take the source by value");

constexpr int kMuons = 200000;
constexpr std::uint64_t kSeed = 20240611;

double energy_of(double p) { return std::sqrt(p * p + units::kMuonMass_GeV * units::kMuonMass_GeV); }

// Simpson's rule of f over [a, b] with n (even) intervals.
double simpson(const std::function<double(double)>& f, double a, double b, int n) {
  const double h = (b - a) / n;
  double sum = f(a) + f(b);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return sum * h / 3.0;
}

// Probability weight (unnormalised) of the cell [p1, p2] x [c1, c2]: int int I(E, c) c dE dc,
// in ln p (dE = p^2 / E d ln p) and c.
double cell_weight(CosmicModel model, double p1, double p2, double c1, double c2, int n_p, int n_c) {
  return simpson([&](double c) {
    return c * simpson([&](double lp) {
      const double p = std::exp(lp), e = energy_of(p);
      return muon_intensity<double>(model, e, c) * p * p / e;
    }, std::log(p1), std::log(p2), n_p);
  }, c1, c2, n_c);
}

// Chi-square survival probability, Wilson-Hilferty approximation (good to a few per cent
// of p at p ~ 1e-3 for ndf >= 10; ample for a pass/fail threshold).
double chi2_p_value(double chi2, int ndf) {
  const double k = ndf, s = 2.0 / (9.0 * k);
  const double z = (std::cbrt(chi2 / k) - (1.0 - s)) / std::sqrt(s);
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

struct GoF {
  double chi2;
  int ndf;
  double p;
};

// Pearson chi-square of counts against probabilities (normalised here); neighbouring bins
// are pooled until the expected count is >= 10.
GoF goodness_of_fit(const std::vector<double>& counts, std::vector<double> prob) {
  double total_prob = 0.0, n = 0.0;
  for (double q : prob) total_prob += q;
  for (double c : counts) n += c;
  double chi2 = 0.0, obs = 0.0, expct = 0.0;
  int cells = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    obs += counts[i];
    expct += n * prob[i] / total_prob;
    if (expct >= 10.0 || i + 1 == counts.size()) {
      chi2 += (obs - expct) * (obs - expct) / expct;
      ++cells;
      obs = expct = 0.0;
    }
  }
  const int ndf = cells - 1;
  return {chi2, ndf, chi2_p_value(chi2, ndf)};
}

struct Sample {
  std::vector<GeneratedMuon<double>> muons;
  long long trials = 0;
};

template <typename T>
std::vector<GeneratedMuon<T>> generate(const CosmicSource& source, int n, long long* trials,
                                       std::uint64_t seed = kSeed) {
  std::vector<GeneratedMuon<T>> muons(n);
  long long total = 0;
  for (int i = 0; i < n; ++i) {
    EventRandom rng(seed, 0, RandomStream::source, std::uint64_t(i));
    int t = 0;
    muons[i] = source.sample<T>(rng, t);
    total += t;
  }
  if (trials) *trials = total;
  return muons;
}

CosmicSourceConfig make_config(CosmicModel model, double p_min, double zenith_max_deg) {
  CosmicSourceConfig config;
  config.model = model;
  config.momentum_min_GeV = p_min;
  config.momentum_max_GeV = 1000.0;
  config.zenith_max_rad = zenith_max_deg * units::kDegree_rad;
  return config;
}

const char* model_name(CosmicModel m) { return m == CosmicModel::guan2015 ? "guan2015" : "shukla2016"; }

class CosmicSourceFit : public ::testing::TestWithParam<std::tuple<CosmicModel, double, double>> {};

template <typename T>
void check_fit(const CosmicSourceConfig& config, const char* label, std::uint64_t seed) {
  const CosmicSource source = build_cosmic_source(config);
  long long trials = 0;
  const auto muons = generate<T>(source, kMuons, &trials, seed);
  const double p1 = config.momentum_min_GeV, p2 = config.momentum_max_GeV;
  const double c1 = std::max(0.0, std::cos(config.zenith_max_rad)), c2 = 1.0;
  const double lp1 = std::log(p1), lp2 = std::log(p2);

  const int np = 30, nc = 20, jp = 10, jc = 8;
  std::vector<double> hp(np), hc(nc), hj(jp * jc), qp(np), qc(nc), qj(jp * jc);
  const auto pbin = [&](double p, int n) { return std::min(n - 1, std::max(0, int((std::log(p) - lp1) / (lp2 - lp1) * n))); };
  const auto cbin = [&](double c, int n) { return std::min(n - 1, std::max(0, int((c - c1) / (c2 - c1) * n))); };
  long long positive = 0;
  for (const auto& m : muons) {
    ASSERT_GE(m.momentum_GeV, T(p1 * (1 - 1e-6)));
    ASSERT_LE(m.momentum_GeV, T(p2 * (1 + 1e-6)));
    ASSERT_GE(m.cos_zenith, T(c1 - 1e-7));
    ASSERT_LE(m.cos_zenith, T(1));
    ASSERT_GE(m.azimuth_rad, T(0));
    ASSERT_LT(m.azimuth_rad, T(2 * units::kPi));
    hp[pbin(m.momentum_GeV, np)] += 1;
    hc[cbin(m.cos_zenith, nc)] += 1;
    hj[pbin(m.momentum_GeV, jp) * jc + cbin(m.cos_zenith, jc)] += 1;
    positive += m.charge > 0;
  }
  const auto pe = [&](int i, int n) { return std::exp(lp1 + (lp2 - lp1) * i / n); };
  const auto ce = [&](int i, int n) { return c1 + (c2 - c1) * i / n; };
  for (int i = 0; i < np; ++i) qp[i] = cell_weight(config.model, pe(i, np), pe(i + 1, np), c1, c2, 16, 64);
  for (int i = 0; i < nc; ++i) qc[i] = cell_weight(config.model, p1, p2, ce(i, nc), ce(i + 1, nc), 400, 16);
  for (int i = 0; i < jp; ++i)
    for (int k = 0; k < jc; ++k) qj[i * jc + k] = cell_weight(config.model, pe(i, jp), pe(i + 1, jp), ce(k, jc), ce(k + 1, jc), 32, 16);

  const GoF fp = goodness_of_fit(hp, qp), fc = goodness_of_fit(hc, qc), fj = goodness_of_fit(hj, qj);
  const double mean_trials = double(trials) / kMuons;
  std::printf("%s: log p chi2/ndf %.1f/%d p %.3f | cos chi2/ndf %.1f/%d p %.3f | joint chi2/ndf %.1f/%d p %.3f | "
              "mean trials %.4f (1/acceptance %.4f) | rate %.3f m^-2 s^-1\n",
              label, fp.chi2, fp.ndf, fp.p, fc.chi2, fc.ndf, fc.p, fj.chi2, fj.ndf, fj.p, mean_trials,
              1.0 / source.acceptance, source.rate_per_m2_s);
  EXPECT_GT(fp.p, 1e-3);
  EXPECT_GT(fc.p, 1e-3);
  EXPECT_GT(fj.p, 1e-3);

  // Trials are geometric with success probability a: mean 1/a, variance (1 - a)/a^2.
  const double a = source.acceptance;
  EXPECT_NEAR(mean_trials, 1.0 / a, 5.0 * std::sqrt((1.0 - a) / (a * a) / kMuons));
  EXPECT_LT(mean_trials, 1.5);

  // Charge: binomial with probability R / (1 + R).
  const double f = config.charge_ratio / (1.0 + config.charge_ratio);
  EXPECT_NEAR(double(positive) / kMuons, f, 5.0 * std::sqrt(f * (1.0 - f) / kMuons));
}

// One seed per range (float and double share it), so the ranges' tests are independent.
std::uint64_t seed_of(CosmicModel model, double p_min, double zenith_deg) {
  return kSeed + 1000 * std::uint64_t(model) + 10 * std::uint64_t(10 * p_min) + std::uint64_t(zenith_deg);
}

TEST_P(CosmicSourceFit, DoubleMatchesAnalyticDensity) {
  const auto [model, p_min, zenith_deg] = GetParam();
  char label[96];
  std::snprintf(label, sizeof label, "%s p>%.1f th<%.0f double", model_name(model), p_min, zenith_deg);
  check_fit<double>(make_config(model, p_min, zenith_deg), label, seed_of(model, p_min, zenith_deg));
}

TEST_P(CosmicSourceFit, FloatMatchesAnalyticDensity) {
  const auto [model, p_min, zenith_deg] = GetParam();
  char label[96];
  std::snprintf(label, sizeof label, "%s p>%.1f th<%.0f float", model_name(model), p_min, zenith_deg);
  check_fit<float>(make_config(model, p_min, zenith_deg), label, seed_of(model, p_min, zenith_deg));
}

INSTANTIATE_TEST_SUITE_P(Ranges, CosmicSourceFit,
                         ::testing::Values(std::make_tuple(CosmicModel::guan2015, 1.0, 70.0),
                                           std::make_tuple(CosmicModel::guan2015, 0.5, 90.0),
                                           std::make_tuple(CosmicModel::shukla2016, 1.0, 70.0),
                                           std::make_tuple(CosmicModel::shukla2016, 0.5, 90.0)));

TEST(CosmicSource, AzimuthUniform) {
  const CosmicSource source = build_cosmic_source(CosmicSourceConfig{});
  const auto muons = generate<double>(source, 50000, nullptr);
  double sc = 0, ss = 0;
  std::vector<double> h(16), q(16, 1.0);
  for (const auto& m : muons) {
    sc += std::cos(m.azimuth_rad);
    ss += std::sin(m.azimuth_rad);
    h[std::min(15, int(m.azimuth_rad / (2 * units::kPi) * 16))] += 1;
  }
  const double sigma = std::sqrt(0.5 / muons.size());
  EXPECT_NEAR(sc / muons.size(), 0.0, 5 * sigma);
  EXPECT_NEAR(ss / muons.size(), 0.0, 5 * sigma);
  EXPECT_GT(goodness_of_fit(h, q).p, 1e-3);
}

TEST(CosmicSource, ReproducibleAndFloatAgreesWithDouble) {
  const CosmicSource source = build_cosmic_source(CosmicSourceConfig{});
  const int n = 20000;
  const auto d1 = generate<double>(source, n, nullptr);
  const auto d2 = generate<double>(source, n, nullptr);
  const auto f = generate<float>(source, n, nullptr);
  int agree = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(d1[i].momentum_GeV, d2[i].momentum_GeV);
    EXPECT_EQ(d1[i].cos_zenith, d2[i].cos_zenith);
    agree += std::fabs(f[i].momentum_GeV - d1[i].momentum_GeV) < 1e-4 * d1[i].momentum_GeV &&
             std::fabs(f[i].cos_zenith - d1[i].cos_zenith) < 1e-5 && f[i].charge == d1[i].charge;
  }
  // Float and double see the same uniforms; only a borderline accept/reject may differ.
  EXPECT_GT(agree, int(0.999 * n));
}

// The squeeze (lower bounds of the acceptance ratio per bin and energy bucket) is below
// the ratio everywhere it is checked here, accepts most trials, and leaves every sampled
// muon exactly as the full comparison gives it.
TEST(CosmicSource, SqueezeBoundsTheAcceptanceAndChangesNoMuon) {
  for (CosmicModel model : {CosmicModel::guan2015, CosmicModel::shukla2016}) {
    CosmicSourceConfig config;
    config.model = model;
    config.momentum_min_GeV = 0.5;
    const CosmicSource source = build_cosmic_source(config);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int squeezed = 0, checked = 0;
    for (int i = 0; i < 200000; ++i) {
      const int j = int(u(rng) * kCosmicEnvelopeBins);
      const double c = source.cos_min + (j + u(rng)) * source.bin_width;
      const double e = source.energy_min_GeV * std::pow(source.energy_max_GeV / source.energy_min_GeV, u(rng));
      const double x = e + source.shift_GeV[j];
      const double ratio = muon_intensity<double>(model, e, c) * c /
                           (source.bound[j] * std::pow(x, -source.envelope_index));
      const double bound = source.squeeze_bound<double>(j, x);
      ASSERT_LE(bound, ratio) << "bin " << j << " E " << e << " c " << c;
      ASSERT_LE(ratio, 1.0) << "bin " << j << " E " << e << " c " << c;
      squeezed += bound > 0.0;
      ++checked;
    }
    EXPECT_GT(squeezed, checked * 9 / 10);  // a bound exists over (almost) the whole range
    // Without the squeeze: the same muons, bit for bit.
    CosmicSource plain = source;
    for (auto& row : plain.squeeze)
      for (std::uint8_t& b : row) b = 0;
    const auto with = generate<float>(source, 20000, nullptr);
    const auto without = generate<float>(plain, 20000, nullptr);
    for (std::size_t i = 0; i < with.size(); ++i) {
      ASSERT_EQ(with[i].momentum_GeV, without[i].momentum_GeV) << i;
      ASSERT_EQ(with[i].cos_zenith, without[i].cos_zenith) << i;
      ASSERT_EQ(with[i].charge, without[i].charge) << i;
    }
  }
}

TEST(CosmicSource, RateMatchesMidpointIntegrationAndExposure) {
  for (CosmicModel model : {CosmicModel::guan2015, CosmicModel::shukla2016}) {
    for (double zenith : {70.0, 90.0}) {
      const CosmicSourceConfig config = make_config(model, 1.0, zenith);
      // Midpoint rule in (ln E, c), 2000 x 500 cells: 2 pi int c int I E d lnE dc, cm^-2 -> m^-2.
      const double l1 = std::log(energy_of(1.0)), l2 = std::log(energy_of(1000.0));
      const double c1 = std::max(0.0, std::cos(config.zenith_max_rad));
      const int ne = 2000, nc = 500;
      double sum = 0.0;
      for (int i = 0; i < nc; ++i) {
        const double c = c1 + (1.0 - c1) * (i + 0.5) / nc;
        for (int k = 0; k < ne; ++k) {
          const double e = std::exp(l1 + (l2 - l1) * (k + 0.5) / ne);
          sum += c * e * muon_intensity<double>(model, e, c);
        }
      }
      const double midpoint = 2 * units::kPi * 1e4 * sum * (l2 - l1) / ne * (1.0 - c1) / nc;
      const double rate = cosmic_rate_per_m2_s(config);
      EXPECT_NEAR(rate, midpoint, 5e-3 * midpoint) << model_name(model) << " " << zenith;
      EXPECT_NEAR(rate, midpoint, 1e-4 * midpoint) << "quadrature accuracy " << model_name(model);
      EXPECT_DOUBLE_EQ(build_cosmic_source(config).rate_per_m2_s, rate);
      const double area = 2.5, n = 1e7;
      const double t = exposure_seconds(config, area, n);
      EXPECT_NEAR(t * rate * area, n, 1e-12 * n);
    }
  }
}

TEST(CosmicSource, InvalidConfigurationsThrow) {
  CosmicSourceConfig bad;
  bad.momentum_min_GeV = 0.0;
  EXPECT_THROW(build_cosmic_source(bad), std::invalid_argument);
  bad = CosmicSourceConfig{};
  bad.momentum_max_GeV = bad.momentum_min_GeV;
  EXPECT_THROW(build_cosmic_source(bad), std::invalid_argument);
  bad = CosmicSourceConfig{};
  bad.zenith_max_rad = 2.0;
  EXPECT_THROW(build_cosmic_source(bad), std::invalid_argument);
  bad = CosmicSourceConfig{};
  bad.charge_ratio = -1.0;
  EXPECT_THROW(build_cosmic_source(bad), std::invalid_argument);
  EXPECT_THROW(exposure_seconds(CosmicSourceConfig{}, 0.0, 10.0), std::invalid_argument);
}

}  // namespace
}  // namespace detgrad
