#include "tomography/tomography_model.hpp"

#include <algorithm>
#include <stdexcept>

#include "detgrad/core/error.hpp"
#include "tomography/tomography_design.hpp"
#include "tomography/volume_generators.hpp"
#include "tomography/volume_losses.hpp"

namespace detgrad::tomography {
namespace {

std::vector<PanelConfig> panels_in_transport_order(const TomographyConfig& c) {
  std::vector<PanelConfig> panels = c.panels;
  std::stable_sort(panels.begin(), panels.end(), [](const PanelConfig& a, const PanelConfig& b) { return a.z_m > b.z_m; });
  return panels;
}

// The transport study: TransportModel takes the panels as its planes (transport_planes),
// sorted by decreasing z like panels_in_transport_order.
const TomographyStudyConfig& with_panel_planes(const TomographyStudyConfig& study) {
  if (!study.tomography) throw StudyError("tomography", "the study has no tomography section");
  return study;
}

// The materials the study's volume generator may use, so that their tables exist.
std::vector<std::string> with_generator_materials(const TomographyStudyConfig& study, std::vector<std::string> extra) {
  if (study.volumes) {
    for (const std::string& name : generator_materials(*study.volumes, study.volume)) extra.push_back(name);
  }
  return extra;
}

}  // namespace

TomographyModel::TomographyModel(const TomographyStudyConfig& study, const std::vector<std::string>& extra_materials)
    : study_(study), transport_(with_panel_planes(study), with_generator_materials(study, extra_materials)) {
  const std::vector<PanelConfig> panels = panels_in_transport_order(*study_.tomography);
  const double z_top = study_.volume.origin_m[2] + study_.volume.voxels[2] * study_.volume.voxel_size_m[2];
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const PanelConfig& p = panels[i];
    panel_names_.push_back(p.name);
    if (p.z_m >= z_top) ++panels_above_;
    initial_.panel[i] = PanelParams<double>{p.z_m, p.centre_m[0], p.centre_m[1], p.span_m[0], p.span_m[1], p.sigma_m,
                                            p.efficiency};
  }
  const int below = panel_count() - panels_above_;
  if (panels_above_ < 2 || below < 2 || panels_above_ > kMaxPanelsPerSide || below > kMaxPanelsPerSide) {
    throw StudyError("tomography.panels", "needs 2 to " + std::to_string(kMaxPanelsPerSide) +
                                              " panels above and below the volume (has " +
                                              std::to_string(panels_above_) + " above, " + std::to_string(below) +
                                              " below)");
  }
  volume_ = volume_from_indices(transport_.voxel_materials());
}

TomographyVolume TomographyModel::volume_from_indices(std::vector<MaterialIndex> voxels) const {
  TomographyVolume v;
  v.voxels = std::move(voxels);
  for (MaterialIndex m : v.voxels) v.true_x0_m.push_back(transport_.materials()[m].radiation_length_m());
  const VolumeConfig& g = study_.volume;
  v.true_fill_height_m = tomography::true_fill_height_m(v.true_x0_m, g.voxels.data(), g.origin_m.data(),
                                                        g.voxel_size_m.data(), config().dense_x0_threshold_m,
                                                        config().height_region_z_m.data());
  return v;
}

TomographyVolume TomographyModel::make_volume(const std::vector<std::string>& voxel_materials) const {
  return volume_from_indices(transport_.voxel_indices(voxel_materials, "volumes"));
}

std::vector<TomographyVolume> TomographyModel::training_volumes(std::uint32_t step) const {
  std::vector<TomographyVolume> out;
  if (!study_.volumes) return out;
  const VolumesConfig& v = *study_.volumes;
  for (std::uint32_t i = 0; i < v.per_step; ++i) {
    const GeneratedVolume g = generate_volume(study_.volume, v, study_.seed, std::uint64_t(step) * v.per_step + i);
    out.push_back(generated_volume(g));
  }
  return out;
}

TomographyVolume TomographyModel::generated_volume(const GeneratedVolume& g) const {
  TomographyVolume volume = make_volume(g.voxel_materials);
  // A ladle furnace's walls are dense too: its truth is the generator's melt height.
  if (study_.volumes->generator == "ladle_furnace") volume.true_fill_height_m = g.fill_height_m;
  return volume;
}

std::vector<TomographyVolume> TomographyModel::evaluation_volumes() const {
  std::vector<TomographyVolume> out;
  if (!study_.volumes) return out;
  const VolumesConfig& v = *study_.volumes;
  for (std::uint32_t j = 0; j < v.evaluation_volumes; ++j)
    out.push_back(generated_volume(generate_volume(study_.volume, v, v.evaluation_seed, j)));
  return out;
}

std::vector<double> TomographyModel::flatten(const DesignParams<double>& d) const {
  std::vector<double> v(PanelPacking::size(std::size_t(panel_count())));
  for (int i = 0; i < panel_count(); ++i)
    for (int k = 0; k < kPanelFields; ++k) v[PanelPacking::index(std::size_t(i), k)] = panel_field(d.panel[i], k);
  return v;
}

DesignParams<double> TomographyModel::unflatten(const std::vector<double>& v) const {
  if (v.size() != PanelPacking::size(std::size_t(panel_count()))) throw std::invalid_argument("design vector size");
  DesignParams<double> d{};
  for (int i = 0; i < panel_count(); ++i)
    for (int k = 0; k < kPanelFields; ++k) panel_field(d.panel[i], k) = v[PanelPacking::index(std::size_t(i), k)];
  return d;
}

std::vector<std::string> TomographyModel::parameter_names() const { return tomography_design(*this).names(); }

TomographySetup TomographyModel::setup(std::uint32_t step, DetectorModel model, const DesignParams<double>& design,
                                       const TomographyVolume* volume) const {
  TomographySetup s{};
  s.transport = transport_.host_setup(step, volume ? volume->voxels.data() : nullptr);
  for (int i = 0; i < panel_count(); ++i) s.transport.plane_z_m[i] = design.panel[i].z;
  s.panels_above = panels_above_;
  s.panels_below = panel_count() - panels_above_;
  s.model = model;
  const TomographyConfig& c = config();
  s.edge_length_m = c.edge_length_m;
  const VoxelGridView& g = s.transport.grid;
  // Fit reference heights: the mean height of each stack of panels, so that the fits' sums
  // S1 = sum w dz stay small and S0 S2 - S1^2 keeps its digits in float.
  s.z_ref_above_m = s.z_ref_below_m = 0.0;
  for (int i = 0; i < panel_count(); ++i) (i < panels_above_ ? s.z_ref_above_m : s.z_ref_below_m) += design.panel[i].z;
  s.z_ref_above_m /= panels_above_;
  s.z_ref_below_m /= panel_count() - panels_above_;
  s.volume_height_m = g.high(2) - g.low(2);
  s.momentum_resolution = c.momentum_resolution;
  s.reference_x0_m = c.reference_x0_m;
  s.theta_floor_rad = 1e-3;  // 1 mrad: keeps sigma_z finite for unscattered muons
  s.height_region_z_m[0] = c.height_region_z_m[0];
  s.height_region_z_m[1] = c.height_region_z_m[1];
  return s;
}

double TomographyModel::cost(const DesignParams<double>& design, DesignParams<double>* d_cost) const {
  // Per panel: area (cost_per_m2 + resolution_cost_per_m2 * s_ref / sigma), area = span_x
  // span_y, s_ref = 100 um.
  constexpr double kReferenceSigma_m = 1e-4;
  const double rate = config().cost_per_m2, resolution_rate = config().resolution_cost_per_m2;
  double total = 0.0;
  for (int i = 0; i < panel_count(); ++i) {
    const PanelParams<double>& p = design.panel[i];
    const double area = p.span_x * p.span_y;
    const double per_m2 = rate + resolution_rate * kReferenceSigma_m / p.sigma;
    total += area * per_m2;
    if (d_cost) {
      d_cost->panel[i].span_x += per_m2 * p.span_y;
      d_cost->panel[i].span_y += per_m2 * p.span_x;
      d_cost->panel[i].sigma -= area * resolution_rate * kReferenceSigma_m / (p.sigma * p.sigma);
    }
  }
  return total;
}

}  // namespace detgrad::tomography
