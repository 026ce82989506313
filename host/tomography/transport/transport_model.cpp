#include "tomography/transport/transport_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detgrad/core/error.hpp"
#include "detgrad/core/units.hpp"
#include "detgrad/physics/cosmic_rate.hpp"
#include "detgrad/physics/material_library.hpp"
#include "detgrad/tomography/volume_expansion.hpp"
#include "detgrad/tomography/transport_planes.hpp"

namespace detgrad {
namespace {

std::vector<Material> custom_materials(const TomographyStudyConfig& study) {
  std::vector<Material> out;
  for (std::size_t i = 0; i < study.materials.size(); ++i) {
    const CustomMaterialConfig& c = study.materials[i];
    try {
      out.push_back(make_custom_material(c.name, c.density_g_cm3, c.radiation_length_g_cm2, c.z_over_a,
                                         c.mean_excitation_energy_eV));
    } catch (const std::invalid_argument& e) {
      throw StudyError("materials[" + std::to_string(i) + "]", e.what());
    }
  }
  return out;
}

CosmicSourceConfig cosmic_config(const CosmicConfig& c) {
  CosmicSourceConfig out;
  out.model = c.model;
  out.momentum_min_GeV = c.momentum_range_GeV[0];
  out.momentum_max_GeV = c.momentum_range_GeV[1];
  out.zenith_max_rad = c.zenith_max_deg * units::kDegree_rad;
  out.charge_ratio = c.charge_ratio;
  return out;
}

BeamSource beam_source(const BeamConfig& c) {
  BeamSource out;
  out.momentum_GeV = c.momentum_GeV;
  out.momentum_sigma_GeV = c.momentum_sigma_GeV;
  out.direction = normalized(Vec3<double>{c.direction[0], c.direction[1], c.direction[2]});
  out.divergence_rad = c.divergence_rad;
  out.centre_x_m = c.spot_centre_m[0];
  out.centre_y_m = c.spot_centre_m[1];
  out.spot_sigma_m = c.spot_sigma_m;
  out.charge = c.charge;
  return out;
}

}  // namespace

TransportModel::TransportModel(const TomographyStudyConfig& study, const std::vector<std::string>& extra_materials)
    : study_(study), materials_(), ranges_([&] {
        // Material rows: the world first, then every material the volume uses, in order of appearance.
        const std::vector<Material> custom = custom_materials(study);
        const auto lookup = [&](const std::string& name, const std::string& path) -> Material {
          for (const Material& m : custom)
            if (m.name == name) return m;
          if (const Material* m = find_material(name)) return *m;
          throw StudyError(path, "unknown material \"" + name + "\"");
        };
        const auto add = [&](const std::string& name, const std::string& path) {
          for (const Material& m : materials_)
            if (m.name == name) return;
          materials_.push_back(lookup(name, path));
        };
        add(study.world, "world");
        add(study.volume.fill, "volume.fill");
        for (std::size_t i = 0; i < study.volume.boxes.size(); ++i)
          add(study.volume.boxes[i].material, "volume.boxes[" + std::to_string(i) + "].material");
        for (std::size_t i = 0; i < study.volume.voxel_materials.size(); ++i)
          add(study.volume.voxel_materials[i], "volume.voxel_materials[" + std::to_string(i) + "]");
        for (const std::string& name : extra_materials) add(name, "volumes");
        return RangeTables(materials_);
      }()) {
  if (materials_.size() > std::numeric_limits<MaterialIndex>::max())
    throw StudyError("volume", "too many distinct materials");
  for (const Material& m : materials_) {
    const double x0 = m.radiation_length_m();
    constants_.push_back({std::isfinite(x0) ? float(x0) : std::numeric_limits<float>::infinity(),
                          float(m.density_kg_m3)});
  }

  // Voxel materials: explicit list, or the fill with boxes applied in order.
  const VolumeConfig& v = study.volume;
  voxel_materials_ = voxel_indices(voxel_material_names(v), "volume");

  // Planes in transport order: decreasing z.
  std::vector<PlaneConfig> planes = transport_planes(study);  // the tomography panels, when there are any
  if (planes.size() > std::size_t(kMaxPlanes)) throw StudyError("planes", "at most 16 planes");
  std::stable_sort(planes.begin(), planes.end(), [](const PlaneConfig& a, const PlaneConfig& b) { return a.z_m > b.z_m; });

  TransportSetup& s = base_;
  for (int a = 0; a < 3; ++a) {
    s.grid.origin_m[a] = v.origin_m[a];
    s.grid.voxel_size_m[a] = v.voxel_size_m[a];
    s.grid.count[a] = v.voxels[a];
  }
  s.world_material = index_of(study.world, "world");
  s.plane_count = int(planes.size());
  for (std::size_t i = 0; i < planes.size(); ++i) {
    s.plane_z_m[i] = planes[i].z_m;
    plane_names_.push_back(planes[i].name);
  }
  const SourceConfig& src = study.source;
  s.source_kind = src.kind;
  if (src.kind == SourceKind::cosmic) {
    s.cosmic = build_cosmic_source(cosmic_config(src.cosmic));
  } else {
    s.beam = beam_source(src.beam);
  }
  s.generation_z_m = src.plane.z_m;
  s.generation_x_m[0] = src.plane.x_range_m[0];
  s.generation_x_m[1] = src.plane.x_range_m[1];
  s.generation_y_m[0] = src.plane.y_range_m[0];
  s.generation_y_m[1] = src.plane.y_range_m[1];
  s.max_step_m = study.transport.max_step_m;
  s.min_kinetic_GeV = study.transport.min_kinetic_GeV;
  s.scattering = study.transport.multiple_scattering ? Scattering::on : Scattering::off;
  s.energy_loss = study.transport.energy_loss ? EnergyLoss::on : EnergyLoss::off;
  s.seed = study.seed;
  s.step = 0;
}

MaterialIndex TransportModel::index_of(const std::string& name, const std::string& json_path) const {
  for (std::size_t i = 0; i < materials_.size(); ++i)
    if (materials_[i].name == name) return MaterialIndex(i);
  throw StudyError(json_path, "unknown material \"" + name + "\"");
}

std::vector<MaterialIndex> TransportModel::voxel_indices(const std::vector<std::string>& names,
                                                         const std::string& json_path) const {
  if (names.size() != voxel_count(study_.volume)) throw StudyError(json_path, "wrong number of voxels");
  std::vector<MaterialIndex> out;
  out.reserve(names.size());
  for (const std::string& name : names) out.push_back(index_of(name, json_path));
  return out;
}

TransportSetup TransportModel::host_setup(std::uint32_t step, const MaterialIndex* voxels) const {
  TransportSetup s = base_;
  s.grid.material = voxels ? voxels : voxel_materials_.data();
  s.materials = constants_.data();
  s.range = ranges_.view();
  s.step = step;
  return s;
}

double TransportModel::generation_area_m2() const {
  const GenerationPlaneConfig& p = study_.source.plane;
  return (p.x_range_m[1] - p.x_range_m[0]) * (p.y_range_m[1] - p.y_range_m[0]);
}

double TransportModel::exposure_seconds(double muons) const {
  if (study_.source.kind != SourceKind::cosmic) return 0.0;
  return muons / (base_.cosmic.rate_per_m2_s * generation_area_m2());
}

}  // namespace detgrad
