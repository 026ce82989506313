#include "muone/alignment_solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "backend/ranks.hpp"
#include "muone/alignment_launchers.hpp"
#include "muone/misalignment_config.hpp"

namespace detgrad::muone {

namespace {

constexpr std::uint64_t kBlockEvents = 512;
constexpr std::uint64_t kBlocksPerChunk = 32;
constexpr int kGaugeModes = 9;

void add_pass(const AlignmentPass& from, AlignmentPass& to) {
  for (std::size_t i = 0; i < to.normal.size(); ++i) to.normal[i] += from.normal[i];
  for (std::size_t i = 0; i < to.rhs.size(); ++i) to.rhs[i] += from.rhs[i];
  for (std::size_t i = 0; i < to.residuals.size(); ++i) {
    ModuleResiduals& a = to.residuals[i];
    const ModuleResiduals& b = from.residuals[i];
    a.rows += b.rows;
    a.sum += b.sum;
    a.sum2 += b.sum2;
    a.pull_sum += b.pull_sum;
    a.pull_sum2 += b.pull_sum2;
    for (int k = 0; k < kPullBins; ++k) a.pull_histogram[k] += b.pull_histogram[k];
  }
  to.chi2 += from.chi2;
  to.rows += from.rows;
  to.locals += from.locals;
  to.events_used += from.events_used;
}

// A pass's sums in the layout of alignment_pass_sums.hpp (the broadcast of the total).
void pack(const AlignmentPass& p, std::vector<double>& out) {
  out.insert(out.end(), p.normal.begin(), p.normal.end());
  out.insert(out.end(), p.rhs.begin(), p.rhs.end());
  out.insert(out.end(), {p.chi2, double(p.rows), double(p.events_used), double(p.locals)});
  for (const ModuleResiduals& r : p.residuals) {
    out.insert(out.end(), {r.rows, r.sum, r.sum2, r.pull_sum, r.pull_sum2});
    out.insert(out.end(), r.pull_histogram, r.pull_histogram + kPullBins);
  }
}

const double* unpack(const double* in, AlignmentPass& p) {
  for (double& x : p.normal) x = *in++;
  for (double& x : p.rhs) x = *in++;
  p.chi2 = *in++;
  p.rows = std::uint64_t(*in++);
  p.events_used = std::uint64_t(*in++);
  p.locals = std::uint64_t(*in++);
  for (ModuleResiduals& r : p.residuals) {
    r.rows = *in++;
    r.sum = *in++;
    r.sum2 = *in++;
    r.pull_sum = *in++;
    r.pull_sum2 = *in++;
    for (double& x : r.pull_histogram) x = *in++;
  }
  return in;
}

AlignmentPass empty_pass(int n, std::size_t modules) {
  AlignmentPass p;
  p.normal.assign(std::size_t(n) * std::size_t(n), 0.0);
  p.rhs.assign(std::size_t(n), 0.0);
  p.residuals.assign(modules + 1, ModuleResiduals{});
  return p;
}

// Solves M x = y in place (Gaussian elimination with partial pivoting, long double);
// `m` is n x n row-major, `y` n x k row-major. False if singular.
bool solve_dense(std::vector<long double> m, std::vector<long double>& y, int n, int k) {
  for (int c = 0; c < n; ++c) {
    int piv = c;
    for (int r = c + 1; r < n; ++r)
      if (std::fabs(m[std::size_t(r * n + c)]) > std::fabs(m[std::size_t(piv * n + c)])) piv = r;
    if (!(std::fabs(m[std::size_t(piv * n + c)]) > 1e-300L)) return false;
    if (piv != c) {
      for (int j = 0; j < n; ++j) std::swap(m[std::size_t(c * n + j)], m[std::size_t(piv * n + j)]);
      for (int j = 0; j < k; ++j) std::swap(y[std::size_t(c * k + j)], y[std::size_t(piv * k + j)]);
    }
    const long double d = m[std::size_t(c * n + c)];
    for (int r = c + 1; r < n; ++r) {
      const long double f = m[std::size_t(r * n + c)] / d;
      if (f == 0.0L) continue;
      for (int j = c; j < n; ++j) m[std::size_t(r * n + j)] -= f * m[std::size_t(c * n + j)];
      for (int j = 0; j < k; ++j) y[std::size_t(r * k + j)] -= f * y[std::size_t(c * k + j)];
    }
  }
  for (int c = n - 1; c >= 0; --c)
    for (int j = 0; j < k; ++j) {
      long double s = y[std::size_t(c * k + j)];
      for (int i = c + 1; i < n; ++i) s -= m[std::size_t(c * n + i)] * y[std::size_t(i * k + j)];
      y[std::size_t(c * k + j)] = s / m[std::size_t(c * n + c)];
    }
  return true;
}

// The constrained solve: [[C, G], [G^T, 0]] [d; l] = [b; -G^T p], Jacobi-scaled; the step d
// and the covariance (the inverse's top-left block).
void constrained_solve(const std::vector<double>& c, const std::vector<double>& b, const std::vector<double>& g,
                       const std::vector<double>& p, int n, std::vector<double>& step, std::vector<double>& cov) {
  const int nb = n + kGaugeModes;
  std::vector<double> scale(std::size_t(n), 1.0);
  for (int i = 0; i < n; ++i) {
    const double d = c[std::size_t(i * n + i)];
    scale[std::size_t(i)] = d > 0 ? 1.0 / std::sqrt(d) : 1.0;
  }
  std::vector<double> gs(std::size_t(n) * kGaugeModes), gnorm(kGaugeModes, 0.0);
  for (int k = 0; k < kGaugeModes; ++k) {
    for (int i = 0; i < n; ++i) {
      const double v = scale[std::size_t(i)] * g[std::size_t(k * n + i)];
      gs[std::size_t(k * n + i)] = v;
      gnorm[std::size_t(k)] += v * v;
    }
    gnorm[std::size_t(k)] = std::sqrt(gnorm[std::size_t(k)]);
    if (!(gnorm[std::size_t(k)] > 0)) throw std::runtime_error("alignment: a gauge mode has no parameters");
  }
  std::vector<long double> m(std::size_t(nb) * std::size_t(nb), 0.0L);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      m[std::size_t(i * nb + j)] = (long double)(c[std::size_t(i * n + j)] * scale[std::size_t(i)] * scale[std::size_t(j)]);
  for (int k = 0; k < kGaugeModes; ++k)
    for (int i = 0; i < n; ++i) {
      const long double v = gs[std::size_t(k * n + i)] / gnorm[std::size_t(k)];
      m[std::size_t(i * nb + n + k)] = v;
      m[std::size_t((n + k) * nb + i)] = v;
    }
  // Right-hand sides: the step's, then the unit vectors of the first n rows (covariance).
  const int k_rhs = 1 + n;
  std::vector<long double> y(std::size_t(nb) * std::size_t(k_rhs), 0.0L);
  for (int i = 0; i < n; ++i) y[std::size_t(i * k_rhs)] = (long double)(b[std::size_t(i)] * scale[std::size_t(i)]);
  for (int k = 0; k < kGaugeModes; ++k) {
    long double s = 0.0L;
    for (int i = 0; i < n; ++i) s += (long double)g[std::size_t(k * n + i)] * p[std::size_t(i)];
    y[std::size_t((n + k) * k_rhs)] = -s / gnorm[std::size_t(k)];
  }
  for (int i = 0; i < n; ++i) y[std::size_t(i * k_rhs + 1 + i)] = 1.0L;
  if (!solve_dense(m, y, nb, k_rhs)) throw std::runtime_error("alignment: the constrained normal equations are singular");
  step.assign(std::size_t(n), 0.0);
  cov.assign(std::size_t(n) * std::size_t(n), 0.0);
  for (int i = 0; i < n; ++i) {
    step[std::size_t(i)] = double(y[std::size_t(i * k_rhs)]) * scale[std::size_t(i)];
    for (int j = 0; j < n; ++j)
      cov[std::size_t(i * n + j)] = double(y[std::size_t(i * k_rhs + 1 + j)]) * scale[std::size_t(i)] * scale[std::size_t(j)];
  }
}

}  // namespace

int alignment_global_count(const StationConfig& station) {
  return kFittedModuleParameters * int(station.modules.size()) + kTargetParameters;
}

std::vector<std::string> alignment_parameter_names(const StationConfig& station) {
  std::vector<std::string> names;
  for (const ModuleConfig& m : station.modules)
    for (int p = 0; p < kFittedModuleParameters; ++p) names.push_back(m.name + "." + kModuleParameterKeys[p]);
  for (int p = 0; p < kTargetParameters; ++p) names.push_back(std::string("target.") + kTargetParameterKeys[p]);
  return names;
}

std::vector<double> alignment_gauge_modes(const StationConfig& station) {
  const int n = alignment_global_count(station);
  const int nm = int(station.modules.size());
  const int t0 = kFittedModuleParameters * nm;
  std::vector<double> g(std::size_t(n) * kGaugeModes, 0.0);
  const auto at = [&](int mode, int index) -> double& { return g[std::size_t(mode * n + index)]; };
  for (int m = 0; m < nm; ++m) {
    double c, s;
    view_direction(station.modules[std::size_t(m)].view_deg, c, s);
    const double z = station.modules[std::size_t(m)].z_m;
    const int b = kFittedModuleParameters * m;
    at(0, b + kDu) = c;          // translation x
    at(1, b + kDu) = s;          // translation y
    at(2, b + kDz) = 1.0;        // translation z
    at(3, b + kRotZ) = 1.0;      // rotation about z
    at(4, b + kDu) = c * z;      // x += k z
    at(5, b + kDu) = s * z;      // y += k z
    at(6, b + kTiltU) = -s;      // z += w x
    at(6, b + kTiltV) = -c;
    at(7, b + kTiltU) = c;       // z += w y
    at(7, b + kTiltV) = -s;
    at(8, b + kDz) = z;          // z scale
  }
  at(2, t0 + kTargetDz) = 1.0;
  at(6, t0 + kTargetTiltX) = 1.0;
  at(7, t0 + kTargetTiltY) = 1.0;
  at(8, t0 + kTargetDz) = station.target.z_m;
  return g;
}

std::vector<double> flatten_alignment(const StationAlignment<double>& a, const StationConfig& station) {
  std::vector<double> p;
  for (std::size_t m = 0; m < station.modules.size(); ++m)
    for (int k = 0; k < kFittedModuleParameters; ++k) p.push_back(module_parameter(a.module[m], k));
  p.push_back(a.target.dz);
  p.push_back(a.target.tilt_x);
  p.push_back(a.target.tilt_y);
  return p;
}

StationAlignment<double> unflatten_alignment(const std::vector<double>& p, const StationConfig& station) {
  StationAlignment<double> a{};
  std::size_t i = 0;
  for (std::size_t m = 0; m < station.modules.size(); ++m)
    for (int k = 0; k < kFittedModuleParameters; ++k) module_parameter_ref(a.module[m], k) = p[i++];
  a.target.dz = p[i++];
  a.target.tilt_x = p[i++];
  a.target.tilt_y = p[i++];
  return a;
}

std::vector<double> project_out_gauge(const std::vector<double>& p, const StationConfig& station) {
  // p - G (G^T G)^-1 G^T p.
  const int n = alignment_global_count(station);
  const std::vector<double> g = alignment_gauge_modes(station);
  std::vector<long double> gtg(kGaugeModes * kGaugeModes), gtp(kGaugeModes);
  for (int a = 0; a < kGaugeModes; ++a) {
    long double s = 0;
    for (int i = 0; i < n; ++i) s += (long double)g[std::size_t(a * n + i)] * p[std::size_t(i)];
    gtp[std::size_t(a)] = s;
    for (int b = 0; b < kGaugeModes; ++b) {
      long double t = 0;
      for (int i = 0; i < n; ++i) t += (long double)g[std::size_t(a * n + i)] * g[std::size_t(b * n + i)];
      gtg[std::size_t(a * kGaugeModes + b)] = t;
    }
  }
  if (!solve_dense(gtg, gtp, kGaugeModes, 1)) throw std::runtime_error("alignment: degenerate gauge modes");
  std::vector<double> out = p;
  for (int i = 0; i < n; ++i)
    for (int a = 0; a < kGaugeModes; ++a) out[std::size_t(i)] -= double(gtp[std::size_t(a)]) * g[std::size_t(a * n + i)];
  return out;
}

AlignmentPass alignment_pass(const MuoneStudyConfig& study, const StationAlignment<double>& alignment,
                             const std::vector<RecordedEvent>& events, Backend backend) {
  const StationFixed fixed = build_fixed(study.station, study.common.seed);
  const StationDesign<double> design = build_design<double>(study.station);
  AlignmentGeometry geometry{&fixed, &design, alignment};
  geometry.min_electron_GeV = study.alignment.min_electron_GeV;
  const int n = alignment_global_count(study.station);
  const std::size_t modules = study.station.modules.size();
  const std::size_t width = pass_sums_size(n, int(modules));
  AlignmentPass total = empty_pass(n, modules);
  const std::uint64_t n_events = events.size();
  const std::uint64_t n_blocks = (n_events + kBlockEvents - 1) / kBlockEvents;
  // MPI: each rank sums a contiguous share of every chunk's blocks; rank 0 gathers the
  // blocks' sums (rank after rank: block order) and adds them in block order, as one
  // process does, then sends the total to every rank: the same bits on any number of ranks.
  const std::uint64_t n_ranks = std::uint64_t(ranks::size()), me = std::uint64_t(ranks::rank());
  const auto share = [&](std::uint64_t chunk, std::uint64_t rank) {
    const std::uint64_t end = std::min(n_blocks, chunk + kBlocksPerChunk);
    return chunk + (end - chunk) * rank / n_ranks;
  };
  std::vector<std::uint64_t> mine;  // this rank's blocks, chunk after chunk
  for (std::uint64_t chunk = 0; chunk < n_blocks; chunk += kBlocksPerChunk)
    for (std::uint64_t b = share(chunk, me); b < share(chunk, me + 1); ++b) mine.push_back(b);
  // Every block's sums at once: OpenMP threads or one CUDA thread per block.
  std::vector<double> sums(mine.size() * width);
  if (backend == Backend::cuda) {
    cuda_alignment_block_sums(fixed, design, alignment, geometry.min_electron_GeV, events, kBlockEvents, mine, n,
                              int(modules), sums.data());
  } else {
#pragma omp parallel
    {
      std::unique_ptr<AlignmentEventRows> rows(new AlignmentEventRows);
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t k = 0; k < std::int64_t(mine.size()); ++k) {
        const std::uint64_t first = mine[std::size_t(k)] * kBlockEvents;
        sum_event_block(geometry, events.data(), first, std::min(n_events, first + kBlockEvents), n, int(modules),
                        *rows, &sums[std::size_t(k) * width]);
      }
    }
  }
  AlignmentPass block = empty_pass(n, modules);
  std::size_t next = 0;  // this rank's next block in `sums`
  for (std::uint64_t chunk = 0; chunk < n_blocks; chunk += kBlocksPerChunk) {
    const std::size_t count = std::size_t(share(chunk, me + 1) - share(chunk, me));
    const double* first = sums.data() + next * width;
    next += count;
    if (n_ranks == 1) {
      for (std::size_t k = 0; k < count; ++k) {
        unpack(first + k * width, block);
        add_pass(block, total);
      }
      continue;
    }
    const std::vector<double> all = ranks::gather(std::vector<double>(first, first + count * width));
    if (!ranks::is_root()) continue;
    for (const double* in = all.data(); in < all.data() + all.size();) {
      in = unpack(in, block);
      add_pass(block, total);
    }
  }
  if (n_ranks > 1) {
    std::vector<double> packed;
    if (ranks::is_root()) pack(total, packed);
    else packed.assign(pass_sums_size(n, int(modules)), 0.0);
    ranks::broadcast(packed);
    unpack(packed.data(), total);
  }
  // The lower triangle from the upper.
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < i; ++j) total.normal[std::size_t(i * n + j)] = total.normal[std::size_t(j * n + i)];
  return total;
}

AlignmentResult fit_alignment(const MuoneStudyConfig& study, const std::vector<RecordedEvent>& events,
                              Backend backend) {
  const StationConfig& station = study.station;
  const int n = alignment_global_count(station);
  const std::vector<double> g = alignment_gauge_modes(station);
  // Prior widths per parameter (0: none).
  std::vector<double> prior(std::size_t(n), 0.0);
  for (std::size_t m = 0; m < station.modules.size(); ++m)
    for (int k = 0; k < kFittedModuleParameters; ++k)
      prior[m * kFittedModuleParameters + std::size_t(k)] = study.alignment.prior.module[k];
  for (int k = 0; k < kTargetParameters; ++k)
    prior[station.modules.size() * kFittedModuleParameters + std::size_t(k)] = study.alignment.prior.target[k];

  AlignmentResult result;
  result.names = alignment_parameter_names(station);
  std::vector<double> p(std::size_t(n), 0.0);
  for (int it = 0; it <= study.alignment.iterations; ++it) {
    const auto start = std::chrono::steady_clock::now();
    AlignmentPass pass = alignment_pass(study, unflatten_alignment(p, station), events, backend);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (pass.events_used == 0) throw std::runtime_error("alignment: no event with a complete set of hits");
    if (it == 0) result.residuals_before = pass.residuals;
    result.residuals_after = pass.residuals;
    AlignmentIteration rec;
    rec.chi2 = pass.chi2;
    rec.ndf = pass.rows - pass.locals;
    rec.events_used = pass.events_used;
    rec.pass_seconds = seconds;
    if (it == study.alignment.iterations) {
      std::vector<double> unused;
      try {
        constrained_solve(pass.normal, pass.rhs, g, p, n, unused, result.covariance_data_only);
      } catch (const std::runtime_error&) {
        result.covariance_data_only.clear();
      }
    }
    for (int i = 0; i < n; ++i) {
      const double w = prior[std::size_t(i)];
      if (w > 0) {
        pass.normal[std::size_t(i * n + i)] += 1.0 / (w * w);
        pass.rhs[std::size_t(i)] -= p[std::size_t(i)] / (w * w);
      }
    }
    std::vector<double> step;
    constrained_solve(pass.normal, pass.rhs, g, p, n, step, result.covariance);
    if (it < study.alignment.iterations) {
      for (int i = 0; i < n; ++i) {
        p[std::size_t(i)] += step[std::size_t(i)];
        const bool angle = result.names[std::size_t(i)].find("_rad") != std::string::npos;
        double& largest = angle ? rec.largest_step_rad : rec.largest_step_m;
        largest = std::max(largest, std::fabs(step[std::size_t(i)]));
      }
    }
    result.iterations.push_back(rec);
  }
  result.values = p;
  result.alignment = unflatten_alignment(p, station);
  return result;
}

}  // namespace detgrad::muone
