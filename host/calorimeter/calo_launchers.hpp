#pragma once
// Entry point of the calorimeter's CUDA launcher (kernels/calorimeter.cu). In a build
// without CUDA it throws BackendError (host/calorimeter/calo_cuda_unavailable.cpp).
//
// GPU design: one shower per thread, each thread with its own fixed-capacity particle stack
// (shower_particle.hpp, 40 entries, 1.6 kB of local memory) running the same
// transport_shower as the CPU. Chosen for determinism and simplicity: a shower's particles
// are transported in the same order as on the CPU, with the same random numbers, and each
// shower's tallies are written by one thread (no atomics). Its cost: the threads of a warp
// diverge (different particle types and step kinds) and a warp lasts as long as its
// longest shower; the global particle queues of Celeritas and AdePT (tracks of one kind
// gathered per step across all showers) keep the warps coherent and balance showers of very
// different sizes, at the price of an order of processing that depends on the whole batch.
// For batches of showers of one beam energy, the per-thread stack keeps the load balanced
// to within the spread of the showers' sizes.
#include <cstdint>

#include "detgrad/calorimeter/cell_grid.hpp"
#include "detgrad/calorimeter/em_medium.hpp"
#include "detgrad/calorimeter/layer_stack.hpp"
#include "detgrad/calorimeter/shower_source.hpp"
#include "detgrad/calorimeter/shower_transport.hpp"

namespace detgrad::calorimeter {

// Transverse cells on the device: the grid (per_side 0: none), every slab's weight in the
// visible energy and its section's offset in a shower's cell row (-1 for a passive slab;
// stack.slab_count entries each, transverse_cells.hpp), and the output rows.
struct CudaCells {
  CellGrid grid;
  int sections = 1;
  const double* visible_weight = nullptr;  // host array
  const int* cell_offset = nullptr;        // host array
  double* cell_deposit = nullptr;          // host array, showers x sections x grid.count()
};

// Host arrays in, host arrays out (float transport, double tallies):
//   slab_deposit: showers x stack.slab_count; sums: showers x 3 (continuous, below cut,
//   escaped); max_depth: showers; returns the transport steps of all particles.
std::uint64_t cuda_calorimeter_showers(const EmTables<float>& tables, const LayerStack<float>& stack,
                                       const TransportSettings<float>& settings, const BeamSource<float>& beam,
                                       std::uint64_t first, std::uint64_t showers, double* slab_deposit,
                                       double* sums, int* max_depth, const CudaCells& cells);

}  // namespace detgrad::calorimeter
