// CUDA launcher of the calorimeter's particle-level showers: one shower per thread, the
// same transport_shower as the CPU pass (design and why: host/calorimeter/calo_launchers.hpp).
#include <cuda_runtime.h>

#include <vector>

#include "calorimeter/calo_launchers.hpp"
#include "grid_stride.cuh"

namespace detgrad::calorimeter {
namespace {

// One shower's tally, writing into its own rows of device memory (no atomics).
struct DeviceTally {
  double* slab;
  double* cells;  // this shower's cell row, or nullptr
  const double* visible_weight;
  const int* cell_offset;  // per slab: its section's offset in the row, -1 passive
  CellGrid grid;
  double continuous, below_cut, escaped;
  __device__ void deposit(int s, Vec3<float> p, float energy, DepositKind kind, float) {  // no times on CUDA
    slab[s] += double(energy);
    if (cells && cell_offset[s] >= 0)
      cells[cell_offset[s] + grid.index(double(p.x), double(p.y))] += visible_weight[s] * double(energy);
    if (kind == DepositKind::continuous) continuous += double(energy);
    else below_cut += double(energy);
  }
  __device__ void escape(const ShowerParticle<float>&, float available) { escaped += double(available); }
};

struct ShowerBody {
  EmTables<float> tables;
  LayerStack<float> stack;
  TransportSettings<float> settings;
  BeamSource<float> beam;
  std::uint64_t first;
  double* slab_deposit;
  double* sums;
  int* max_depth;
  unsigned long long* steps;
  double* cell_deposit;  // nullptr without cells
  const double* visible_weight;
  const int* cell_offset;
  CellGrid grid;
  std::uint64_t cell_row;  // sections x cells
  __device__ void operator()(std::uint64_t i) const {
    const std::uint64_t shower = first + i;
    DeviceTally tally{slab_deposit + i * std::uint64_t(stack.slab_count),
                      cell_deposit ? cell_deposit + i * cell_row : nullptr,
                      visible_weight, cell_offset, grid, 0.0, 0.0, 0.0};
    const ShowerParticle<float> primary = make_primary(beam, settings.seed, settings.step, shower);
    const ShowerCounters c = transport_shower(tables, stack, settings, shower, primary, tally);
    sums[3 * i] = tally.continuous;
    sums[3 * i + 1] = tally.below_cut;
    sums[3 * i + 2] = tally.escaped;
    max_depth[i] = c.max_stack_depth;
    steps[i] = c.steps;
  }
};

template <typename T>
T* device_copy(const T* host, std::size_t n, const char* what) {
  T* d = nullptr;
  check_cuda(cudaMalloc(&d, n * sizeof(T)), what);
  check_cuda(cudaMemcpy(d, host, n * sizeof(T), cudaMemcpyHostToDevice), what);
  return d;
}

}  // namespace

std::uint64_t cuda_calorimeter_showers(const EmTables<float>& tables, const LayerStack<float>& stack,
                                       const TransportSettings<float>& settings, const BeamSource<float>& beam,
                                       std::uint64_t first, std::uint64_t showers, double* slab_deposit,
                                       double* sums, int* max_depth, const CudaCells& cells) {
  if (showers == 0) return 0;
  const char* what = "calorimeter showers";
  // Deep call chains with a per-thread particle stack: a larger stack for each thread.
  check_cuda(cudaDeviceSetLimit(cudaLimitStackSize, 16384), what);
  const std::uint64_t cell_row = std::uint64_t(cells.grid.count()) * std::uint64_t(cells.sections);
  ShowerBody body{tables,  stack,   settings, beam,    first,      nullptr, nullptr,
                  nullptr, nullptr, nullptr,  nullptr, nullptr, cells.grid, cell_row};
  const std::size_t cell_rows = cells.grid.per_side > 0 ? std::size_t(showers) * std::size_t(cell_row) : 0;
  if (cell_rows > 0) {
    body.visible_weight = device_copy(cells.visible_weight, std::size_t(stack.slab_count), what);
    body.cell_offset = device_copy(cells.cell_offset, std::size_t(stack.slab_count), what);
    check_cuda(cudaMalloc(&body.cell_deposit, cell_rows * sizeof(double)), what);
    check_cuda(cudaMemset(body.cell_deposit, 0, cell_rows * sizeof(double)), what);
  }
  body.tables.media = device_copy(tables.media, std::size_t(tables.media_count), what);
  body.tables.values =
      device_copy(tables.values, std::size_t(tables.media_count) * kEmColumns * std::size_t(tables.energies), what);
  body.stack.slabs = device_copy(stack.slabs, std::size_t(stack.slab_count), what);
  const std::size_t rows = std::size_t(showers) * std::size_t(stack.slab_count);
  check_cuda(cudaMalloc(&body.slab_deposit, rows * sizeof(double)), what);
  check_cuda(cudaMemset(body.slab_deposit, 0, rows * sizeof(double)), what);
  check_cuda(cudaMalloc(&body.sums, 3 * showers * sizeof(double)), what);
  check_cuda(cudaMalloc(&body.max_depth, showers * sizeof(int)), what);
  check_cuda(cudaMalloc(&body.steps, showers * sizeof(unsigned long long)), what);
  launch_grid_stride(what, showers, body, 64);
  std::vector<unsigned long long> steps(showers);
  check_cuda(cudaMemcpy(slab_deposit, body.slab_deposit, rows * sizeof(double), cudaMemcpyDeviceToHost), what);
  check_cuda(cudaMemcpy(sums, body.sums, 3 * showers * sizeof(double), cudaMemcpyDeviceToHost), what);
  check_cuda(cudaMemcpy(max_depth, body.max_depth, showers * sizeof(int), cudaMemcpyDeviceToHost), what);
  check_cuda(cudaMemcpy(steps.data(), body.steps, showers * sizeof(unsigned long long), cudaMemcpyDeviceToHost), what);
  if (cell_rows > 0)
    check_cuda(cudaMemcpy(cells.cell_deposit, body.cell_deposit, cell_rows * sizeof(double), cudaMemcpyDeviceToHost),
               what);
  for (void* p : {(void*)body.tables.media, (void*)body.tables.values, (void*)body.stack.slabs,
                  (void*)body.slab_deposit, (void*)body.sums, (void*)body.max_depth, (void*)body.steps,
                  (void*)body.cell_deposit, (void*)body.visible_weight, (void*)body.cell_offset})
    cudaFree(p);  // cudaFree(nullptr) does nothing
  std::uint64_t total = 0;
  for (unsigned long long s : steps) total += s;  // in shower order: deterministic
  return total;
}

}  // namespace detgrad::calorimeter
