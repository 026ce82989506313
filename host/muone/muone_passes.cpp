#include "muone/muone_passes.hpp"

#include <algorithm>

#include "backend/cpu_reduce.hpp"
#include "backend/device_rows.hpp"
#include "muone/muone_launchers.hpp"

namespace detgrad::muone {
namespace {

constexpr std::uint64_t kCudaChunkEvents = 1u << 24;

template <typename T>
std::vector<double> cpu_forward(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& o) {
  const ModelDesign<T> d = model_design_as<T>(design);
  std::vector<double> total;
  const std::size_t row = std::size_t(2 * setup.n_bins);
  cpu_reduce_events(o.first_event, o.events, row,
                    [&](std::uint64_t e, double* r) { model_event_forward(setup, d, o.step, e, r); }, total);
  return total;
}

// The design whose flat form (model_parameter_count, every member in declaration order) is
// the reduced sums `total`. Value-initialised first: a short `total` leaves zeros, never
// indeterminate members.
ModelDesign<double> design_of_sums(const std::vector<double>& total) {
  ModelDesign<double> out{};
  const std::size_t count = std::min(total.size(), std::size_t(model_parameter_count<double>()));
  std::copy_n(total.begin(), count, flat(out));
  return out;
}

template <typename T>
ModelDesign<double> cpu_adjoint(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& o,
                                const BinCotangents<T>& c) {
  const ModelDesign<T> d = model_design_as<T>(design);
  const std::size_t row = std::size_t(model_parameter_count<T>());
  std::vector<double> total;
  cpu_reduce_events(o.first_event, o.events, row,
                    [&](std::uint64_t e, double* r) {
                      ModelDesign<T> g{};
                      model_event_backward(setup, d, c, o.step, e, g);
                      const T* v = flat(g);
                      for (std::size_t i = 0; i < row; ++i) r[i] += double(v[i]);
                    },
                    total);
  return design_of_sums(total);
}

template <typename T>
BinCotangents<T> bin_cotangents(const std::vector<double>& d_s, const std::vector<double>& d_n) {
  BinCotangents<T> c{};
  for (std::size_t b = 0; b < d_s.size() && b < std::size_t(kMaxQ2Bins); ++b) {
    c.d_s[b] = T(d_s[b]);
    c.d_n[b] = T(d_n[b]);
  }
  return c;
}

}  // namespace

std::vector<double> forward_pass(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& o) {
  if (o.backend == Backend::cuda) {
    const std::size_t width = 2 * kMaxQ2Bins;
    DeviceArray<double> rows(std::size_t(kMuoneBlocks) * width);
    const ModelDesign<float> d = model_design_as<float>(design);
    std::vector<double> total =
        reduce_launches(o.events, kCudaChunkEvents, width, [&](std::uint64_t done, std::uint64_t count, std::vector<double>& row) {
          cuda_muone_forward(setup, d, o.step, o.first_event + done, count, rows.get());
          sum_block_rows(rows, kMuoneBlocks, width, row);
        });
    total.resize(std::size_t(2 * setup.n_bins));
    return total;
  }
  return o.precision == Precision::double_precision ? cpu_forward<double>(setup, design, o)
                                                    : cpu_forward<float>(setup, design, o);
}

ModelDesign<double> adjoint_pass(const ModelSetup& setup, const ModelDesign<double>& design, const PassOptions& o,
                                 const std::vector<double>& d_s, const std::vector<double>& d_n) {
  if (o.backend == Backend::cuda) {
    const std::size_t width = std::size_t(model_parameter_count<float>());
    DeviceArray<double> rows(std::size_t(kMuoneBlocks) * width);
    const ModelDesign<float> d = model_design_as<float>(design);
    const BinCotangents<float> c = bin_cotangents<float>(d_s, d_n);
    const std::vector<double> total =
        reduce_launches(o.events, kCudaChunkEvents, width, [&](std::uint64_t done, std::uint64_t count, std::vector<double>& row) {
          cuda_muone_adjoint(setup, d, c, o.step, o.first_event + done, count, rows.get());
          sum_block_rows(rows, kMuoneBlocks, width, row);
        });
    return design_of_sums(total);
  }
  return o.precision == Precision::double_precision
             ? cpu_adjoint<double>(setup, design, o, bin_cotangents<double>(d_s, d_n))
             : cpu_adjoint<float>(setup, design, o, bin_cotangents<float>(d_s, d_n));
}

}  // namespace detgrad::muone
