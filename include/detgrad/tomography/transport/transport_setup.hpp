#pragma once
// Everything the per-muon transport reads, as one trivially copyable struct of plain
// values and raw pointers: the host builds it over host arrays for the CPU executor and
// over device copies for the CUDA executor (host/tomography/transport/device_transport_model.hpp).
#include <cstdint>

#include "detgrad/geometry/voxel_grid.hpp"
#include "detgrad/physics/beam_source.hpp"
#include "detgrad/physics/cosmic_source.hpp"
#include "detgrad/physics/range_table.hpp"
#include "detgrad/tomography/transport/muon_track.hpp"
#include "detgrad/tomography/transport/source_kind.hpp"

namespace detgrad {

// Per-material constants the transport needs besides the range tables.
struct MaterialConstants {
  float radiation_length_m;  // X0 / density; +inf (or huge) for vacuum: no scattering
  float density_kg_m3;       // 0 for vacuum: no energy loss

  DETGRAD_HD bool scatters() const { return radiation_length_m < 1e30f; }
  DETGRAD_HD bool has_mass() const { return density_kg_m3 > 0.0f; }
  // Neither scatters nor slows a muon (vacuum): crossed by straight moves.
  DETGRAD_HD bool inert() const { return !scatters() && !has_mass(); }
};

enum class Scattering { off, on };
enum class EnergyLoss { off, on };

struct TransportSetup {
  VoxelGridView grid;
  const MaterialConstants* materials;  // indexed by MaterialIndex
  RangeTableView range;
  MaterialIndex world_material;        // fills everything outside the voxel grid

  int plane_count;
  double plane_z_m[kMaxPlanes];        // decreasing z

  SourceKind source_kind;
  CosmicSource cosmic;
  BeamSource beam;
  double generation_z_m;
  double generation_x_m[2];            // cosmic: uniform over this rectangle
  double generation_y_m[2];

  double max_step_m;
  double min_kinetic_GeV;
  Scattering scattering;
  EnergyLoss energy_loss;

  std::uint64_t seed;
  std::uint32_t step;
};

}  // namespace detgrad
