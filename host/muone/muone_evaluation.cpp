#include "muone/muone_evaluation.hpp"

#include <cmath>
#include <memory>

#include "backend/cpu_reduce.hpp"
#include "detgrad/muone/reconstruction.hpp"
#include "detgrad/muone/vertex_constrained_reconstruction.hpp"
#include "muone/side_model.hpp"
#include "muone/station_cost.hpp"

namespace detgrad::muone {
namespace {

// Per bin: sum w, sum w d^2 (both), sum w d_e^2, sum w d_mu^2, sum w d, count; then the same
// four sums of w d for the vertex-constrained reconstruction and the count it fitted.
constexpr std::size_t kPerBin = 11;
// Evaluation events use their own step number, apart from the optimisation's steps.
constexpr std::uint32_t kEvaluationStep = kMaxSteps - 1;

std::vector<double> batch_sums(const ModelSetup& setup, const ModelDesign<double>& d, std::uint64_t first,
                               std::uint64_t count) {
  std::vector<double> total;
  cpu_reduce_events(first, count, kPerBin * std::size_t(setup.n_bins),
                    [&](std::uint64_t e, double* row) {
                      SimulatedEvent<double> ev;
                      simulate_event(setup.fixed, d.station, kEvaluationStep, e, ev);
                      const double q2 = ev.interaction.q2;
                      int bin = -1;
                      for (int b = 0; b < setup.n_bins; ++b)
                        if (q2 >= setup.q2_edges_GeV2[b] && q2 < setup.q2_edges_GeV2[b + 1]) bin = b;
                      if (bin < 0) return;
                      Reconstruction<double> r, v;
                      reconstruct_event(setup, d, ev, r);
                      if (!r.ok) return;
                      // The event fit's scratch (33 x 99 doubles), one per thread.
                      thread_local std::unique_ptr<AlignmentEventRows> rows(new AlignmentEventRows);
                      const bool vertex_fitted = reconstruct_event_with_vertex(setup, d, ev, r, *rows, v);
                      const double w = ev.weight;
                      double* b = row + kPerBin * std::size_t(bin);
                      b[0] += w;
                      b[5] += 1;
                      b[10] += vertex_fitted ? 1 : 0;
                      for (const auto& [rec, sums] : {std::pair{&r, b + 1}, std::pair{&v, b + 6}}) {
                        const double dq = (rec->q2 - q2) / q2, de = (rec->q2_e - q2) / q2, dm = (rec->q2_mu - q2) / q2;
                        sums[0] += w * dq * dq;
                        sums[1] += w * de * de;
                        sums[2] += w * dm * dm;
                        sums[3] += w * dq;
                      }
                    },
                    total);
  return total;
}

// A bin's spread from its weight and the sums w d^2 (both, electron, muon) and w d.
Q2Spread spread_of(double weight, const double* sums) {
  return {std::sqrt(sums[0] / weight), std::sqrt(sums[1] / weight), std::sqrt(sums[2] / weight), sums[3] / weight};
}

// sum_b lambda_b rms_b, rms_b from the sum w d^2 at `column` (1: independent fits, 6: vertex).
double figure_of(const std::vector<double>& lambda, const std::vector<double>& sums, std::size_t column = 1) {
  double f = 0;
  for (std::size_t b = 0; b < lambda.size(); ++b) {
    const double w = sums[kPerBin * b];
    if (w > 0) f += lambda[b] * std::sqrt(sums[kPerBin * b + column] / w);
  }
  return f;
}

}  // namespace

MuoneEvaluation evaluate_layout(const MuoneModel& model, const std::vector<double>& x, std::uint64_t events,
                                int batches) {
  const ModelSetup& setup = model.setup();
  ModelDesign<double> d{};
  d.station = model.unflatten(x);
  fill_side_models(setup.fixed, d);
  const std::vector<double> lambda = bin_weights(model.loss_config());
  const std::size_t width = kPerBin * std::size_t(setup.n_bins);
  std::vector<double> total(width, 0.0);
  std::vector<double> figures;
  const std::uint64_t per_batch = events / std::uint64_t(batches);
  for (int b = 0; b < batches; ++b) {
    const std::uint64_t first = per_batch * std::uint64_t(b);
    const std::uint64_t count = b + 1 == batches ? events - first : per_batch;
    const std::vector<double> s = batch_sums(setup, d, first, count);
    for (std::size_t i = 0; i < width; ++i) total[i] += s[i];
    figures.push_back(figure_of(lambda, s));
  }
  MuoneEvaluation e;
  e.events = events;
  e.batches = batches;
  e.figure = figure_of(lambda, total);
  e.figure_vertex = figure_of(lambda, total, 6);
  double mean = 0, var = 0;
  for (double f : figures) mean += f / batches;
  for (double f : figures) var += (f - mean) * (f - mean) / (batches - 1);
  e.figure_error = std::sqrt(var / batches);
  PassOptions o;
  o.events = events;
  o.step = kEvaluationStep;
  o.precision = Precision::double_precision;
  const MuoneLoss predicted = model.loss(x, o, Gradient::no);
  double reconstructed = 0;
  for (int b = 0; b < setup.n_bins; ++b) {
    const double* s = total.data() + kPerBin * std::size_t(b);
    BinResolution r;
    r.q2_lo = setup.q2_edges_GeV2[b];
    r.q2_hi = setup.q2_edges_GeV2[b + 1];
    r.weight = s[0];
    r.events = s[5];
    reconstructed += s[5];
    r.vertex_fitted = s[10];
    if (s[0] > 0) {
      r.independent = spread_of(s[0], s + 1);
      r.vertex = spread_of(s[0], s + 6);
    }
    r.predicted = std::size_t(b) < predicted.resolution.size() ? predicted.resolution[std::size_t(b)] : 0.0;
    e.bins.push_back(r);
  }
  e.reconstructed_fraction = reconstructed / double(events);
  e.cost = station_cost(model.study().cost, model.study().station, d.station);
  return e;
}

nlohmann::json evaluation_json(const MuoneEvaluation& e) {
  nlohmann::json bins = nlohmann::json::array();
  for (const BinResolution& b : e.bins)
    bins.push_back({{"q2_lo_GeV2", b.q2_lo}, {"q2_hi_GeV2", b.q2_hi}, {"weight", b.weight}, {"events", b.events},
                    {"relative_resolution", b.independent.rms},
                    {"relative_resolution_electron", b.independent.rms_electron},
                    {"relative_resolution_muon", b.independent.rms_muon},
                    {"mean_relative_error", b.independent.mean},
                    {"predicted_relative_resolution", b.predicted},
                    {"vertex_constrained",
                     {{"events_fitted", b.vertex_fitted}, {"relative_resolution", b.vertex.rms},
                      {"relative_resolution_electron", b.vertex.rms_electron},
                      {"relative_resolution_muon", b.vertex.rms_muon}, {"mean_relative_error", b.vertex.mean}}}});
  return {{"figure", e.figure}, {"figure_error", e.figure_error}, {"figure_vertex_constrained", e.figure_vertex}, {"events", e.events}, {"batches", e.batches},
          {"reconstructed_fraction", e.reconstructed_fraction}, {"cost", e.cost}, {"bins", bins}};
}

}  // namespace detgrad::muone
