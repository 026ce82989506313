#include "swgo/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include <omp.h>

#include <atomic>

#include "backend/pairwise_reduce.hpp"
#include "backend/ranks.hpp"
#include "detgrad/swgo/constants.hpp"
#include "detgrad/swgo/shower_event_clustered.hpp"
#include "output/progress.hpp"
#include "swgo/tank_grid.hpp"

namespace detgrad::swgo {

namespace {

// A shower's result is plain data: ranks exchange it as its bytes, unchanged.
static_assert(std::is_trivially_copyable_v<ShowerResult<double>>, "ShowerResult<double> must be plain data");

std::vector<ShowerResult<double>> run_range(const BatchSetup& setup, std::uint32_t step, std::uint64_t first,
                                            std::uint64_t count, const std::string& progress_label) {
  std::vector<ShowerResult<double>> out(count);
  ProgressReporter progress(progress_label, "showers");
  std::atomic<std::uint64_t> done{0};
  TankGridStorage cells;
  if (setup.clustered) {
    Layout units;
    units.x.assign(setup.array.x, setup.array.x + setup.array.units);
    units.y.assign(setup.array.y, setup.array.y + setup.array.units);
    build_tank_grid(units, 0.5 * kClusterCell_m, cells);
  }
#pragma omp parallel
  {
    std::vector<UnitObservation<double>> scratch(std::size_t(setup.array.units));
    std::vector<UnitObservation<double>> sorted(setup.clustered ? scratch.size() : 0);
    std::vector<UnitCell<double>> cell_scratch(setup.clustered ? std::size_t(cells.grid.nx) * std::size_t(cells.grid.ny) : 0);
    const ClusterScratch<double> cluster{sorted.data(), cell_scratch.data()};
#pragma omp for schedule(dynamic, 4)
    for (std::int64_t i = 0; i < std::int64_t(count); ++i) {
      const std::uint64_t shower = first + std::uint64_t(i);
      out[std::size_t(i)] = setup.clustered ? run_shower_clustered(setup.tables, setup.source, setup.array, cells.grid,
                                                                   step, shower, setup.time_errors, scratch.data(), cluster)
                                            : run_shower(setup.tables, setup.source, setup.array, step, shower,
                                                         setup.time_errors, scratch.data());
      const std::uint64_t n = ++done;
      // Thread 0 alone prints (the reporter is not thread-safe); it takes showers to the end.
      if (!progress_label.empty() && omp_get_thread_num() == 0) progress.update(n, count);
    }
  }
  if (!progress_label.empty()) progress.finish();
  return out;
}

}  // namespace

std::vector<ShowerResult<double>> run_showers(const BatchSetup& setup, std::uint32_t step, std::uint64_t first,
                                              std::uint64_t count, const std::string& progress_label) {
  if (ranks::size() == 1) return run_range(setup, step, first, count, progress_label);
  const UnitRange share = rank_share(count);
  const std::vector<ShowerResult<double>> mine =
      run_range(setup, step, first + share.begin, share.end - share.begin, progress_label);
  constexpr std::size_t kBytes = sizeof(ShowerResult<double>);
  std::vector<unsigned char> bytes(mine.size() * kBytes);
  if (!mine.empty()) std::memcpy(bytes.data(), mine.data(), bytes.size());
  const std::vector<unsigned char> all = ranks::all_gather(bytes, kBytes);
  std::vector<ShowerResult<double>> out(count);
  if (all.size() != count * kBytes)
    ranks::abort_all("run_showers: the ranks gathered " + std::to_string(all.size() / kBytes) + " showers instead of " +
                         std::to_string(count),
                     2);
  if (count > 0) std::memcpy(out.data(), all.data(), all.size());
  return out;
}

bool usable_for_separation(const ShowerResult<double>& r) {
  return r.triggered && r.fit[0].converged && r.fit[1].converged;
}

double test_statistic(const ShowerResult<double>& r) { return r.fit[0].log_likelihood - r.fit[1].log_likelihood; }

// The templates and the fraction fit use s = separation_variable(T) (shower_event.hpp).

TemplateDensities make_templates(const std::vector<ShowerResult<double>>& sample) {
  std::vector<double> tg, wg, tp, wp;
  for (const auto& r : sample) {
    if (!usable_for_separation(r)) continue;
    (r.truth.primary == Primary::gamma ? tg : tp).push_back(separation_variable(test_statistic(r)));
    (r.truth.primary == Primary::gamma ? wg : wp).push_back(1.0);
  }
  return {make_kernel_density(tg, wg), make_kernel_density(tp, wp)};
}

namespace {

struct Terms {
  double gf = 0, ir = 0, pr = 0, f = 0, sf = 0;
  std::uint64_t gammas = 0;
};

Terms terms_of(const ShowerResult<double>* b, std::size_t n, const TemplateDensities& t, double span) {
  Terms out;
  std::vector<double> stat, w;
  std::uint64_t trials = 0;
  double sum_sigma = 0, sum_pointing = 0;
  const double delta = kPointingDelta_rad;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = b[i];
    trials += r.truth.trials;
    if (usable_for_separation(r)) {
      stat.push_back(separation_variable(test_statistic(r)));
      w.push_back(1.0);
    }
    if (r.truth.primary != Primary::gamma || !r.triggered || !r.fit[0].converged) continue;
    const auto& cov = r.fit[0].cov;
    sum_sigma += std::sqrt(cov[kLogEnergy][kLogEnergy]);
    const double st = std::sin(r.fit[0].a[kTheta]);
    sum_pointing += delta / std::sqrt(cov[kTheta][kTheta] + st * st * cov[kPhi][kPhi] + delta * delta);
    ++out.gammas;
  }
  if (!stat.empty() && !t.gamma.centres.empty() && !t.proton.centres.empty()) {
    const GammaFractionFit fit = fit_gamma_fraction(stat, w, t.gamma, t.proton);
    out.f = fit.fraction;
    out.sf = fit.sigma;
    if (std::isfinite(fit.sigma) && fit.sigma > 0 && trials > 0) out.gf = fit.fraction / fit.sigma * span * std::sqrt(1.0 / double(trials));
  }
  if (out.gammas > 0) {
    out.ir = kEnergyResolutionScale * double(out.gammas) / sum_sigma;
    out.pr = kPointingResolutionScale * sum_pointing / double(out.gammas);
  }
  return out;
}

double utility_of(const Terms& t, const UtilityCoefficients& c) {
  return c.gamma_fraction * t.gf + c.energy * t.ir + c.pointing * t.pr;
}

}  // namespace

EvaluationResult evaluate_batch(const std::vector<ShowerResult<double>>& batch, const TemplateDensities& templates,
                                double span_radius_m, const UtilityCoefficients& c) {
  EvaluationResult e;
  const Terms all = terms_of(batch.data(), batch.size(), templates, span_radius_m);
  e.gamma_fraction_term = all.gf;
  e.energy_term = all.ir;
  e.pointing_term = all.pr;
  e.utility = utility_of(all, c);
  e.fraction = all.f;
  e.fraction_sigma = all.sf;
  e.gammas_used = all.gammas;
  e.showers = batch.size();
  for (const auto& r : batch) {
    e.trials += r.truth.trials;
    e.triggered += r.triggered;
    e.converged += r.triggered && r.fit[int(r.truth.primary)].converged;
  }
  constexpr int kParts = 10;
  if (batch.size() >= std::size_t(10 * kParts)) {
    double s = 0, s2 = 0;
    for (int k = 0; k < kParts; ++k) {
      const std::size_t lo = batch.size() * std::size_t(k) / kParts, hi = batch.size() * std::size_t(k + 1) / kParts;
      const double u = utility_of(terms_of(batch.data() + lo, hi - lo, templates, span_radius_m), c);
      s += u;
      s2 += u * u;
    }
    const double mean = s / kParts;
    e.utility_error = std::sqrt(std::max(0.0, s2 / kParts - mean * mean) / (kParts - 1));
  }
  // Resolutions in 5 logarithmic energy bins from 0.1 to 10 PeV.
  for (int b = 0; b < 5; ++b) {
    ResolutionBin bin;
    bin.energy_min_PeV = 0.1 * std::pow(10.0, 0.4 * b);
    bin.energy_max_PeV = 0.1 * std::pow(10.0, 0.4 * (b + 1));
    std::vector<double> angles;
    double s2 = 0;
    for (const auto& r : batch) {
      if (r.truth.primary != Primary::gamma || !r.triggered || !r.fit[0].converged) continue;
      if (r.truth.energy_PeV < bin.energy_min_PeV || r.truth.energy_PeV >= bin.energy_max_PeV) continue;
      const auto& a = r.fit[0].a;
      const double d = a[kLogEnergy] - std::log(r.truth.energy_PeV);
      s2 += d * d;
      const double cosang = std::sin(a[kTheta]) * std::sin(r.truth.theta) * std::cos(a[kPhi] - r.truth.phi) +
                            std::cos(a[kTheta]) * std::cos(r.truth.theta);
      angles.push_back(std::acos(std::clamp(cosang, -1.0, 1.0)) * 180.0 / M_PI);
    }
    bin.showers = int(angles.size());
    if (!angles.empty()) {
      bin.energy_rms = std::sqrt(s2 / double(angles.size()));
      std::sort(angles.begin(), angles.end());
      bin.angle68_deg = angles[std::min(angles.size() - 1, std::size_t(std::ceil(0.68 * double(angles.size()))) - 1)];
    }
    e.resolution.push_back(bin);
  }
  return e;
}

nlohmann::json EvaluationResult::to_json() const {
  nlohmann::json j = {{"utility", utility},
                      {"utility_error", utility_error},
                      {"U_GF", gamma_fraction_term},
                      {"U_IR", energy_term},
                      {"U_PR", pointing_term},
                      {"gamma_fraction", fraction},
                      {"gamma_fraction_sigma", fraction_sigma},
                      {"showers", showers},
                      {"trials", trials},
                      {"triggered", triggered},
                      {"converged", converged},
                      {"gamma_showers_used", gammas_used}};
  j["resolution"] = nlohmann::json::array();
  for (const auto& b : resolution)
    j["resolution"].push_back({{"energy_min_PeV", b.energy_min_PeV},
                               {"energy_max_PeV", b.energy_max_PeV},
                               {"showers", b.showers},
                               {"energy_rms", b.energy_rms},
                               {"angle68_deg", b.angle68_deg}});
  return j;
}

}  // namespace detgrad::swgo
