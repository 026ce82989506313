#include "tomography/tomography_passes.hpp"

#include <exception>
#include <stdexcept>

#include "backend/backend.hpp"
#include "backend/cpu_reduce.hpp"
#include "tomography/cuda_passes.hpp"
#include "detgrad/tomography/muon_inference.hpp"

namespace detgrad::tomography {
namespace {

// Row layout of the forward reduction: A (voxels), B (voxels), C (voxels), usable weight,
// H, W (fill height).
template <typename T>
VoxelAccumulators cpu_forward(const TomographySetup& setup, const DesignParams<double>& design_d, int voxels,
                              std::uint64_t first, std::uint64_t muons) {
  const DesignParams<T> design = design_as<T>(design_d);
  std::vector<double> total;
  cpu_reduce_events(first, muons, std::size_t(3 * voxels + 3), [&](std::uint64_t event, double* row) {
    MuonInference<T> r;
    infer_muon(setup, design, event, r);
    if (!r.usable) return;
    row[3 * voxels] += double(r.usable_weight);
    if (!(r.weight > T(0))) return;
    row[3 * voxels + 1] += double(r.weight * r.height_in_region * r.poca_in_volume.z);
    row[3 * voxels + 2] += double(r.weight * r.height_in_region);
    for_each_window_voxel(setup.transport.grid, r, [&](int v, int i, int j, int k) {
      const double w = double(r.weight * voxel_weight(r.ax, r.ay, r.az, i, j, k));
      row[v] += w * double(r.inverse_x0);
      row[voxels + v] += w;
      row[2 * voxels + v] += w * double(r.path_m);
    });
  }, total);
  VoxelAccumulators acc;
  acc.a.assign(total.begin(), total.begin() + voxels);
  acc.b.assign(total.begin() + voxels, total.begin() + 2 * voxels);
  acc.c.assign(total.begin() + 2 * voxels, total.begin() + 3 * voxels);
  acc.usable_weight = total[3 * voxels];
  acc.height_sum = total[3 * voxels + 1];
  acc.height_weight = total[3 * voxels + 2];
  return acc;
}

template <typename T>
std::vector<double> cpu_adjoint(const TomographySetup& setup, const DesignParams<double>& design_d, int panels,
                                std::uint64_t first, std::uint64_t muons, const AccumulatorCotangents& cot) {
  const DesignParams<T> design = design_as<T>(design_d);
  std::vector<double> total;
  cpu_reduce_events(first, muons, PanelPacking::size(std::size_t(panels)), [&](std::uint64_t event, double* row) {
    DesignParams<T> d{};
    infer_muon_adjoint(setup, design, event, cot, d);
    for (int i = 0; i < panels; ++i)
      for (int k = 0; k < kPanelFields; ++k) row[PanelPacking::index(std::size_t(i), k)] += double(panel_field(d.panel[i], k));
  }, total);
  return total;
}

// The per-muon setup of a pass: the reference design's planes and, when the reference is
// not the design itself, assignment windows fixed at it (tomography_setup.hpp).
TomographySetup pass_setup(const TomographyModel& model, const DesignParams<double>& design,
                           const PassOptions& options) {
  if (options.backend == Backend::cuda && options.precision != Precision::single)
    throw std::invalid_argument("the CUDA executor runs the per-muon code in single precision");
  TomographySetup setup = model.setup(options.step, options.model,
                                      options.reference_design ? *options.reference_design : design, options.volume);
  if (options.reference_design) {
    setup.window_from_reference = true;
    setup.reference_design = *options.reference_design;
  }
  return setup;
}

}  // namespace

VoxelAccumulators forward_pass(const TomographyModel& model, const DesignParams<double>& design,
                               const PassOptions& options) {
  const TomographySetup setup = pass_setup(model, design, options);
  if (options.backend == Backend::cuda) {
    VoxelAccumulators acc;
    cuda_forward_pass(model, setup, design, options.first_event, options.events, acc);
    return acc;
  }
  return options.precision == Precision::single
             ? cpu_forward<float>(setup, design, model.voxel_count(), options.first_event, options.events)
             : cpu_forward<double>(setup, design, model.voxel_count(), options.first_event, options.events);
}

std::vector<double> adjoint_pass(const TomographyModel& model, const DesignParams<double>& design,
                                 const PassOptions& options, const AccumulatorGradient& g) {
  const TomographySetup setup = pass_setup(model, design, options);
  if (options.backend == Backend::cuda) {
    return cuda_adjoint_pass(model, setup, design, options.first_event, options.events, g);
  }
  const AccumulatorCotangents cot{g.d_a.data(), g.d_b.data(), g.d_c.data(), g.d_height_sum, g.d_height_weight};
  return options.precision == Precision::single
             ? cpu_adjoint<float>(setup, design, model.panel_count(), options.first_event, options.events, cot)
             : cpu_adjoint<double>(setup, design, model.panel_count(), options.first_event, options.events, cot);
}

LossAndGradient evaluate(const TomographyModel& model, const DesignParams<double>& design, const PassOptions& options,
                         bool want_gradient) {
  const VoxelAccumulators acc = forward_pass(model, design, options);
  const TomographyConfig& config = model.config();
  const VoxelLogX0 voxels = voxel_log_x0(acc.a, acc.b, acc.c);
  const TomographyVolume& volume = options.volume ? *options.volume : model.study_volume();
  LossAndGradient out;
  AccumulatorGradient g;
  g.d_a.assign(acc.a.size(), 0.0);
  g.d_b.assign(acc.a.size(), 0.0);
  g.d_c.assign(acc.a.size(), 0.0);
  switch (config.loss) {
    case TomographyLoss::voxel_x0: {
      AccumulatorLoss l = voxel_x0_loss(voxels, volume.true_x0_m);
      out.terms.task = l.loss;
      g.d_a = std::move(l.d_a);
      g.d_b = std::move(l.d_b);
      g.d_c = std::move(l.d_c);
      break;
    }
    case TomographyLoss::dense_material: {
      DenseMaterialLoss l = dense_material_loss(voxels, volume.true_x0_m, config.dense_x0_threshold_m);
      out.terms.task = l.accumulators.loss;
      out.terms.dense_probability = l.probability;
      g.d_a = std::move(l.accumulators.d_a);
      g.d_b = std::move(l.accumulators.d_b);
      g.d_c = std::move(l.accumulators.d_c);
      break;
    }
    case TomographyLoss::fill_height: {
      const FillHeightLoss l = fill_height_loss(acc.height_sum, acc.height_weight, volume.true_fill_height_m);
      out.terms.task = l.loss;
      out.terms.fill_height_m = l.height_m;
      g.d_height_sum = l.d_sum;
      g.d_height_weight = l.d_weight;
      break;
    }
  }
  out.terms.true_fill_height_m = volume.true_fill_height_m;
  DesignParams<double> d_cost{};
  out.terms.cost = model.cost(design, &d_cost);
  const BudgetPenalty budget = budget_penalty(out.terms.cost, config);
  out.terms.budget = budget.penalty;
  out.terms.total = out.terms.task + budget.penalty;
  out.terms.usable_muons = acc.usable_weight;
  out.terms.informed_voxels = voxels.informed_count;
  out.estimate = estimate_voxel_x0(acc.a, acc.b, acc.c);
  if (want_gradient) {
    out.gradient = adjoint_pass(model, design, options, g);
    const std::vector<double> cost_gradient = model.flatten(d_cost);
    for (std::size_t i = 0; i < out.gradient.size(); ++i) out.gradient[i] += budget.d_penalty_d_cost * cost_gradient[i];
  }
  return out;
}

namespace {

// Runs body(v) for the volumes v = 0 .. n-1. On the CPU, when a volume's muons are too few
// to keep every thread busy in its own pass (fewer than four reduction blocks per thread),
// the volumes run in parallel instead, each pass on one thread. Every pass is
// bitwise the same on any number of threads (cpu_reduce.hpp) and the caller combines the
// volumes' results in volume order afterwards, so the results do not depend on the choice.
template <class Body>
void for_each_volume(std::size_t n, const PassOptions& options, const Body& body) {
  const int threads = cpu_thread_count();
  // Not in an MPI run: each pass then meets the other ranks in collective calls, which only
  // the main thread makes.
  const bool across = options.backend == Backend::cpu && threads > 1 && n > 1 && ranks::size() == 1 &&
                      options.events < 4 * kCpuReduceBlock * std::uint64_t(threads);
  if (!across) {
    for (std::size_t v = 0; v < n; ++v) body(v);
    return;
  }
  std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t v = 0; v < std::int64_t(n); ++v) {
    try {
      body(std::size_t(v));
    } catch (...) {
#pragma omp critical(detgrad_volume_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

// Fill height over several volumes: the mean squared error after the linear correction
// truth = a + b h fitted by least squares over the volumes (the peer's metric). As (a, b)
// minimise that error, dL/dh_v = 2 b r_v / n at fixed (a, b); h_v = H_v / W_v.
LossAndGradient calibrated_fill_height(const TomographyModel& model, const DesignParams<double>& design,
                                       const PassOptions& options, const std::vector<TomographyVolume>& volumes,
                                       bool want_gradient) {
  const std::size_t n = volumes.size();
  std::vector<VoxelAccumulators> acc(n);
  std::vector<PassOptions> per_volume(n, options);
  std::vector<double> h(n), t(n);
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  LossAndGradient out;
  for (std::size_t v = 0; v < n; ++v) {
    per_volume[v].volume = &volumes[v];
    per_volume[v].first_event = options.first_event + v * options.events;
  }
  for_each_volume(n, options, [&](std::size_t v) { acc[v] = forward_pass(model, design, per_volume[v]); });
  for (std::size_t v = 0; v < n; ++v) {
    h[v] = acc[v].height_weight > 0 ? acc[v].height_sum / acc[v].height_weight : 0.0;
    t[v] = volumes[v].true_fill_height_m;
    sx += h[v];
    sy += t[v];
    sxx += h[v] * h[v];
    sxy += h[v] * t[v];
    out.terms.usable_muons += acc[v].usable_weight / double(n);
    out.terms.fill_height_m += h[v] / double(n);
    out.terms.true_fill_height_m += t[v] / double(n);
  }
  const double denominator = double(n) * sxx - sx * sx;
  const double b = denominator > 0 ? (double(n) * sxy - sx * sy) / denominator : 0.0;
  const double a = (sy - b * sx) / double(n);
  std::vector<double> d_h(n);
  for (std::size_t v = 0; v < n; ++v) {
    const double r = a + b * h[v] - t[v];
    out.terms.task += r * r / double(n);
    d_h[v] = 2.0 * b * r / double(n);
  }
  DesignParams<double> d_cost{};
  out.terms.cost = model.cost(design, &d_cost);
  const BudgetPenalty budget = budget_penalty(out.terms.cost, model.config());
  out.terms.budget = budget.penalty;
  out.terms.total = out.terms.task + budget.penalty;
  if (!want_gradient) return out;
  const std::vector<double> cost_gradient = model.flatten(d_cost);
  out.gradient.assign(cost_gradient.size(), 0.0);
  for (std::size_t i = 0; i < cost_gradient.size(); ++i) out.gradient[i] = budget.d_penalty_d_cost * cost_gradient[i];
  std::vector<std::vector<double>> grads(n);
  for_each_volume(n, options, [&](std::size_t v) {
    if (!(acc[v].height_weight > 0)) return;
    AccumulatorGradient g;
    g.d_a.assign(acc[v].a.size(), 0.0);
    g.d_b = g.d_a;
    g.d_c = g.d_a;
    g.d_height_sum = d_h[v] / acc[v].height_weight;
    g.d_height_weight = -d_h[v] * h[v] / acc[v].height_weight;
    grads[v] = adjoint_pass(model, design, per_volume[v], g);
  });
  for (const std::vector<double>& grad : grads)
    for (std::size_t i = 0; i < grad.size(); ++i) out.gradient[i] += grad[i];
  return out;
}

}  // namespace

LossAndGradient evaluate_over_volumes(const TomographyModel& model, const DesignParams<double>& design,
                                      const PassOptions& options, const std::vector<TomographyVolume>& volumes,
                                      bool want_gradient) {
  if (volumes.empty()) return evaluate(model, design, options, want_gradient);
  if (model.config().loss == TomographyLoss::fill_height && volumes.size() >= 3) {
    return calibrated_fill_height(model, design, options, volumes, want_gradient);
  }
  LossAndGradient mean;
  const double share = 1.0 / double(volumes.size());
  std::vector<LossAndGradient> results(volumes.size());
  for_each_volume(volumes.size(), options, [&](std::size_t v) {
    PassOptions o = options;
    o.volume = &volumes[v];
    o.first_event = options.first_event + v * options.events;
    results[v] = evaluate(model, design, o, want_gradient);
  });
  for (std::size_t v = 0; v < volumes.size(); ++v) {
    const LossAndGradient& r = results[v];
    LossTerms& t = mean.terms;
    t.total += share * r.terms.total;
    t.task += share * r.terms.task;
    t.budget += share * r.terms.budget;
    t.cost = r.terms.cost;
    t.usable_muons += share * r.terms.usable_muons;
    t.informed_voxels = r.terms.informed_voxels;
    t.dense_probability += share * r.terms.dense_probability;
    t.fill_height_m += share * r.terms.fill_height_m;
    t.true_fill_height_m += share * r.terms.true_fill_height_m;
    mean.gradient.resize(r.gradient.size(), 0.0);
    for (std::size_t i = 0; i < r.gradient.size(); ++i) mean.gradient[i] += share * r.gradient[i];
    if (v == 0) mean.estimate = r.estimate;
  }
  return mean;
}

}  // namespace detgrad::tomography
