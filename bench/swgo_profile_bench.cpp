// Where the evaluation mode's time goes, phase by phase, on one thread:
//   swgo_profile_bench LAYOUT_FILE SHOWERS [SEED] [CORE_SLACK_M]
// runs showers 0..SHOWERS-1 of the evaluation step of a tank layout (the study defaults: core
// slack 2 km unless given, gamma fraction 0.5, E uniform 0.1-10 PeV) through run_shower's phases with a
// timer around each: the counts (expectation, Poisson draws, hard trigger), then per
// hypothesis the seeds (seed_shower), the fits (fit_shower from every seed) and the energy
// restart (the fine energy scan at the fitted point and the second fit). Every shower's
// result is checked bitwise against run_shower itself. The refinement's share of the seeds is
// measured apart (refine_core and the fine scan repeated from a seed: not part of the sum).
// Then the clustered path (run_shower_clustered, shower_event_clustered.hpp) on the same
// showers: its time, and how many showers' fits (both hypotheses) agree with run_shower's.
// Times are the thread's CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID): other load on the
// machine does not count.
#include <time.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "detgrad/swgo/shower_event_clustered.hpp"
#include "swgo/core_disc.hpp"
#include "swgo/evaluation.hpp"
#include "swgo/layout_file.hpp"
#include "swgo/ldf_file.hpp"
#include "swgo/tank_grid.hpp"

namespace {

using namespace detgrad::swgo;
struct Clock {
  using time_point = double;
  static double now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
  }
};

double seconds_since(double t0) { return Clock::now() - t0; }

volatile double sink = 0;  // keeps the repeated refinement from being optimised away

struct Phases {
  double counts = 0, seeds[kPrimaries] = {0, 0}, fits[kPrimaries] = {0, 0}, restart[kPrimaries] = {0, 0};
  double refine_apart = 0;
  int seeds_found = 0, fits_run = 0, fit_iterations = 0, triggered = 0;
};

bool same_bits(const ShowerResult<double>& a, const ShowerResult<double>& b) {
  if (a.triggered != b.triggered || a.tanks_hit != b.tanks_hit) return false;
  for (int h = 0; h < kPrimaries; ++h) {
    if (a.fit[h].converged != b.fit[h].converged || a.fit[h].log_likelihood != b.fit[h].log_likelihood) return false;
    for (int p = 0; p < P; ++p)
      if (a.fit[h].a[p] != b.fit[h].a[p]) return false;
  }
  return true;
}

ShowerResult<double> profiled_shower(const BatchSetup& b, std::uint32_t step, std::uint64_t shower,
                                     UnitObservation<double>* scratch, Phases& ph) {
  const ArrayView<double>& array = b.array;
  ShowerResult<double> r;
  auto t0 = Clock::now();
  r.truth = b.source(step, shower);
  const Shower<double>& s = r.truth;
  const auto image = make_shower_image(b.tables, s.primary, s.energy_PeV, s.theta, s.phi, s.x0, s.y0, array.unit_area_m2);
  r.tanks_hit = 0;
  for (int u = 0; u < array.units; ++u) {
    const auto e = unit_expectation(image, array.x[u], array.y[u]);
    const auto rec = observe_unit(e, image, array, b.source.seed, step, shower, u, array.x[u], array.y[u], scratch[u]);
    r.tanks_hit += rec.tanks_hit;
  }
  r.triggered = r.tanks_hit >= std::uint32_t(kTriggerTanks);
  ph.counts += seconds_since(t0);
  ph.triggered += r.triggered;
  for (int h = 0; h < kPrimaries; ++h) {
    r.fit[h] = ShowerFit<double>{};
    if (!r.triggered) continue;
    double seeds[kMaxSeeds][P];
    t0 = Clock::now();
    const int found = seed_shower(b.tables, Primary(h), scratch, array.units, array.unit_area_m2, b.time_errors, seeds);
    ph.seeds[h] += seconds_since(t0);
    ph.seeds_found += found;
    if (found > 0) {
      double again[P];
      for (int p = 0; p < P; ++p) again[p] = seeds[0][p];
      t0 = Clock::now();
      refine_core(b.tables, Primary(h), scratch, array.units, array.unit_area_m2, b.time_errors, again);
      double le, ll;
      best_energy<double, 41>(b.tables, Primary(h), scratch, array.units, array.unit_area_m2, b.time_errors, again, le, ll);
      ph.refine_apart += seconds_since(t0) * found;
      sink += again[kCoreX] + le + ll;
    }
    for (int k = 0; k < found; ++k) {
      t0 = Clock::now();
      ShowerFit<double> f = fit_shower(b.tables, Primary(h), seeds[k], scratch, array.units, array.unit_area_m2, b.time_errors);
      ph.fits[h] += seconds_since(t0);
      ++ph.fits_run;
      ph.fit_iterations += f.iterations;
      t0 = Clock::now();
      double restart[P] = {f.a[0], f.a[1], f.a[2], f.a[3], f.a[4]};
      double log_e, ll;
      best_energy<double, 81>(b.tables, Primary(h), scratch, array.units, array.unit_area_m2, b.time_errors, restart, log_e, ll);
      if (std::isfinite(ll) && ll > f.log_likelihood) {
        restart[kLogEnergy] = log_e;
        const auto g = fit_shower(b.tables, Primary(h), restart, scratch, array.units, array.unit_area_m2, b.time_errors);
        if (g.converged && g.log_likelihood > f.log_likelihood) f = g;
      }
      ph.restart[h] += seconds_since(t0);
      if (k == 0 || (f.converged && !r.fit[h].converged) ||
          (f.converged == r.fit[h].converged && f.log_likelihood > r.fit[h].log_likelihood))
        r.fit[h] = f;
    }
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s LAYOUT_FILE SHOWERS [SEED] [CORE_SLACK_M]\n", argv[0]);
    return 2;
  }
  const Layout layout = read_layout_file(argv[1]);
  const std::uint64_t showers = std::strtoull(argv[2], nullptr, 10);
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  BatchSetup b;
  b.tables = read_ldf_tables(std::string(DETGRAD_SOURCE_DIR) + "/data/swgo");
  b.source = argc > 4 ? make_shower_source(seed, layout.x, layout.y, std::strtod(argv[4], nullptr))
                      : make_shower_source(seed, layout.x, layout.y);
  b.array = {layout.x.data(), layout.y.data(), int(layout.size()), kTankArea_m2, 1};
  std::vector<UnitObservation<double>> scratch(layout.size());
  Phases ph;
  int mismatches = 0;
  const auto t0 = Clock::now();
  std::vector<ShowerResult<double>> exact;
  for (std::uint64_t i = 0; i < showers; ++i) {
    const auto r = profiled_shower(b, kEvaluationStep, i, scratch.data(), ph);
    exact.push_back(run_shower(b.tables, b.source, b.array, kEvaluationStep, i, b.time_errors, scratch.data()));
    mismatches += !same_bits(r, exact.back());
  }
  TankGridStorage grid;
  build_tank_grid(layout, 0.5 * kClusterCell_m, grid);
  std::vector<UnitObservation<double>> sorted(layout.size());
  std::vector<UnitCell<double>> cells(std::size_t(grid.grid.nx) * std::size_t(grid.grid.ny));
  const ClusterScratch<double> cs{sorted.data(), cells.data()};
  const double tc = Clock::now();
  int agree = 0, compared = 0;
  double worst = 0;
  for (std::uint64_t i = 0; i < showers; ++i) {
    const auto r = run_shower_clustered(b.tables, b.source, b.array, grid.grid, kEvaluationStep, i, b.time_errors,
                                        scratch.data(), cs);
    if (!r.triggered) continue;
    for (int h = 0; h < kPrimaries; ++h) {
      const auto &f = r.fit[h], &g = exact[i].fit[h];
      ++compared;
      double d = 0;
      for (int p = 0; p < P; ++p)
        if (g.cov[p][p] > 0) d = std::max(d, std::fabs(f.a[p] - g.a[p]) / std::sqrt(g.cov[p][p]));
      const bool same = f.converged == g.converged && d < 1e-3;
      agree += same;
      if (same) worst = std::max(worst, d);
      if (!same)
        std::printf("  shower %llu %s: clustered lnL %.4f (conv %d), exact %.4f (conv %d), max |diff|/sigma %.3g\n",
                    (unsigned long long)i, h ? "proton" : "gamma", f.log_likelihood, f.converged, g.log_likelihood,
                    g.converged, d);
    }
  }
  const double clustered_time = Clock::now() - tc;
  const double total = ph.counts + ph.seeds[0] + ph.seeds[1] + ph.fits[0] + ph.fits[1] + ph.restart[0] + ph.restart[1];
  std::printf("%s: %zu units, %llu showers, %d triggered, %.1f s in the phases (%.1f s with the checks)\n", argv[1],
              layout.size(), (unsigned long long)showers, ph.triggered, total, seconds_since(t0));
  auto line = [&](const char* name, double t) {
    std::printf("  %-34s %8.2f s  %5.1f %%  %7.3f s/shower\n", name, t, 100 * t / total, t / double(showers));
  };
  line("counts and trigger", ph.counts);
  line("seeds, gamma", ph.seeds[0]);
  line("seeds, proton", ph.seeds[1]);
  line("fits, gamma", ph.fits[0]);
  line("fits, proton", ph.fits[1]);
  line("energy restart, gamma", ph.restart[0]);
  line("energy restart, proton", ph.restart[1]);
  std::printf("  of the seeds, refinement and fine scan (measured apart): %.2f s\n", ph.refine_apart);
  std::printf("  %d seeds, %d fits, %.1f iterations per fit; %d showers differ from run_shower\n", ph.seeds_found,
              ph.fits_run, ph.fits_run ? double(ph.fit_iterations) / ph.fits_run : 0.0, mismatches);
  std::printf("clustered path: %.2f s (%.3f s/shower, %.1f times faster); %d of %d fits within 1e-3 sigma of the "
              "exact path's (worst %.2g sigma)\n",
              clustered_time, clustered_time / double(showers), total / clustered_time, agree, compared, worst);
  return mismatches == 0 ? 0 : 1;
}
