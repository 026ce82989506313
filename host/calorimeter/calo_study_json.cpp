#include "calorimeter/calo_study_json.hpp"

#include <cmath>
#include <string>

#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_media.hpp"
#include "calorimeter/em_tables.hpp"
#include "calorimeter/layer_count_scan.hpp"
#include "study/common_json.hpp"
#include "study/message_format.hpp"
#include "study/value_checks.hpp"

namespace detgrad::calorimeter {
namespace {

using namespace study_detail;

constexpr std::uint64_t kMaxShowers = std::uint64_t(1) << 32;  // shower indices are 32-bit in the random numbers
constexpr int kMaxRepeat = 10000;
constexpr std::size_t kMaxSlabs = 100000;
constexpr std::size_t kMaxEnergies = 64;
constexpr int kMaxCellsPerSide = 100;  // 10^4 cells: 80 kB of cell rows per shower
constexpr int kMaxSectionCells = 25000;  // sections x cells: 200 kB of cell rows per shower

const std::vector<std::string> kParticles = {"electron", "positron", "photon", "muon"};

SlabConfig read_slab(const JsonValue& v) {
  const JsonObject o = v.object({"material", "thickness_m", "active", "weight"});
  SlabConfig s;
  o.get_required("material", s.material);
  o.get_required("thickness_m", s.thickness_m);
  o.get("active", s.active);
  o.get("weight", s.weight);
  return s;
}

LayerGroupConfig read_layer(const JsonValue& v) {
  LayerGroupConfig g;
  if (v.json().is_object() && v.json().contains("slabs")) {
    const JsonObject o = v.object({"repeat", "slabs"});
    o.get("repeat", g.repeat);
    for (const JsonValue& s : o.required("slabs").array()) g.slabs.push_back(read_slab(s));
  } else {
    g.slabs.push_back(read_slab(v));
  }
  return g;
}

void validate_spectrum(const SpectrumConfig& sp) {
  const std::string base = "calorimeter.source.spectrum";
  if (!(sp.min_GeV >= kTableMinEnergy_GeV && sp.min_GeV <= kTableMaxEnergy_GeV))
    fail(base + ".min_GeV", with_unit(sp.min_GeV, "GeV") + ": outside the tables (1e-6 to 1e5 GeV)");
  if (!(sp.max_GeV > sp.min_GeV && sp.max_GeV <= kTableMaxEnergy_GeV))
    fail(base + ".max_GeV", with_unit(sp.max_GeV, "GeV") + ": expected above min_GeV and at most 1e5 GeV");
  if (!(sp.index >= -10.0 && sp.index <= 10.0)) fail(base + ".index", format_number(sp.index) + ": expected -10 to 10");
  if (!(sp.bins >= 1 && sp.bins <= int(kMaxEnergies)))
    fail(base + ".bins", std::to_string(sp.bins) + ": expected 1 to " + std::to_string(kMaxEnergies));
}

void read_source(const JsonValue& v, SourceConfig& s) {
  const JsonObject o = v.object({"particle", "energies_GeV", "angle_deg", "spot_m", "spectrum"});
  if (const auto p = o.optional("particle")) s.particle = p->choice(kParticles);
  if (const auto e = o.optional("energies_GeV")) {
    s.energies_GeV.clear();
    for (const JsonValue& x : e->array()) s.energies_GeV.push_back(x.number());
  }
  if (const auto sp = o.optional("spectrum")) {
    if (o.optional("energies_GeV"))
      fail("calorimeter.source.spectrum", "give either energies_GeV or a spectrum, not both");
    const JsonObject so = sp->object({"shape", "min_GeV", "max_GeV", "index", "bins"});
    s.spectrum.shape = so.required("shape").choice({"uniform", "power_law"});
    so.get_required("min_GeV", s.spectrum.min_GeV);
    so.get_required("max_GeV", s.spectrum.max_GeV);
    so.get("index", s.spectrum.index);
    so.get("bins", s.spectrum.bins);
    validate_spectrum(s.spectrum);
    s.energies_GeV = s.spectrum.bin_centres_GeV();
  }
  o.get("angle_deg", s.angle_deg);
  o.get("spot_m", s.spot_m);
}

void read_cuts(const JsonValue& v, CutsConfig& c) {
  const JsonObject o = v.object({"electron_MeV", "photon_MeV", "range_rejection_MeV"});
  o.get("electron_MeV", c.electron_MeV);
  o.get("photon_MeV", c.photon_MeV);
  o.get("range_rejection_MeV", c.range_rejection_MeV);
}

void read_cost(const JsonValue& v, CaloCostConfig& c) {
  const JsonObject o = v.object({"absorber_per_m3", "active_per_m3", "material_per_m3", "per_channel",
                                 "channels_per_layer", "budget", "budget_coefficient"});
  o.get("absorber_per_m3", c.absorber_per_m3);
  o.get("active_per_m3", c.active_per_m3);
  if (const auto m = o.optional("material_per_m3")) {
    const JsonObject prices = m->object(calo_medium_names());  // an unknown material fails with its path
    for (const std::string& name : calo_medium_names())
      if (const auto price = prices.optional(name)) c.material_per_m3[name] = price->number();
  }
  o.get("per_channel", c.per_channel);
  o.get("channels_per_layer", c.channels_per_layer);
  o.get("budget", c.budget);
  o.get("budget_coefficient", c.budget_coefficient);
}

void read_design(const JsonValue& v, CaloDesignConfig& d) {
  const JsonObject o = v.object({"parameters", "min_scale", "max_scale", "max_depth_m", "recalibrate_every"});
  o.get("recalibrate_every", d.recalibrate_every);
  if (const auto p = o.optional("parameters")) d.parameters = p->choice({"slabs", "groups", "layer_count"});
  o.get("min_scale", d.min_scale);
  o.get("max_scale", d.max_scale);
  o.get("max_depth_m", d.max_depth_m);
}

void validate_cost_and_design(const CaloStudyConfig& s) {
  const CaloCostConfig& c = s.cost;
  require_non_negative("calorimeter.cost.absorber_per_m3", c.absorber_per_m3, "per m^3");
  require_non_negative("calorimeter.cost.active_per_m3", c.active_per_m3, "per m^3");
  for (const auto& [name, price] : c.material_per_m3)
    require_non_negative("calorimeter.cost.material_per_m3." + name, price, "per m^3");
  require_non_negative("calorimeter.cost.per_channel", c.per_channel, "");
  if (!(c.channels_per_layer >= 1 && c.channels_per_layer <= 1000000))
    fail("calorimeter.cost.channels_per_layer", std::to_string(c.channels_per_layer) + ": expected 1 to 10^6");
  require_non_negative("calorimeter.cost.budget", c.budget, "");
  require_non_negative("calorimeter.cost.budget_coefficient", c.budget_coefficient, "");
  const CaloDesignConfig& d = s.design;
  require_positive("calorimeter.design.min_scale", d.min_scale, "");
  if (!(d.min_scale <= 1.0)) fail("calorimeter.design.min_scale", format_number(d.min_scale) + ": expected > 0 and <= 1");
  require_finite("calorimeter.design.max_scale", d.max_scale, "");
  if (!(d.max_scale >= 1.0 && d.max_scale <= 100.0))
    fail("calorimeter.design.max_scale", format_number(d.max_scale) + ": expected 1 to 100");
  require_non_negative("calorimeter.design.max_depth_m", d.max_depth_m, "m");
  double depth = 0.0;
  for (const LayerGroupConfig& g : s.layers)
    for (const SlabConfig& slab : g.slabs) depth += g.repeat * slab.thickness_m;
  if (d.max_depth_m > 0 && !(d.max_depth_m >= d.min_scale * depth))
    fail("calorimeter.design.max_depth_m", with_unit(d.max_depth_m, "m") + " is below min_scale x the stack's depth (" +
                                               with_unit(d.min_scale * depth, "m") + "): no layout fits");
  if (!(stack_budget(s) > 0))
    fail("calorimeter.cost", "the study's stack costs nothing: expected a cost model in which something costs");
  if (d.parameters == "layer_count") {
    const std::string why = layer_count_unusable(s);
    if (!why.empty()) fail("calorimeter.design.parameters", why);
  }
}

std::string layer_path(std::size_t i) { return "calorimeter.layers[" + std::to_string(i) + "]"; }

void validate_layers(const CaloStudyConfig& s) {
  if (s.layers.empty()) fail("calorimeter.layers", "expected at least one layer");
  std::size_t slabs = 0;
  bool active = false;
  for (std::size_t i = 0; i < s.layers.size(); ++i) {
    const LayerGroupConfig& g = s.layers[i];
    const bool group = g.repeat != 1 || g.slabs.size() != 1;
    const std::string base = layer_path(i);
    if (g.repeat < 1 || g.repeat > kMaxRepeat)
      fail(base + ".repeat", std::to_string(g.repeat) + ": expected 1 to " + std::to_string(kMaxRepeat));
    if (g.slabs.empty()) fail(base + ".slabs", "expected at least one slab");
    for (std::size_t j = 0; j < g.slabs.size(); ++j) {
      const SlabConfig& slab = g.slabs[j];
      const std::string p = group ? base + ".slabs[" + std::to_string(j) + "]" : base;
      if (!find_calo_medium(slab.material)) {
        std::string known;
        for (const std::string& n : calo_medium_names()) known += (known.empty() ? "" : ", ") + n;
        fail(p + ".material", "unknown calorimeter material \"" + slab.material + "\": expected one of " + known);
      }
      require_positive(p + ".thickness_m", slab.thickness_m, "m");
      require_finite(p + ".thickness_m", slab.thickness_m, "m");
      require_positive(p + ".weight", slab.weight, "");
      require_finite(p + ".weight", slab.weight, "");
      active = active || slab.active;
    }
    slabs += std::size_t(g.repeat) * g.slabs.size();
    if (slabs > kMaxSlabs) fail(base, "more than " + std::to_string(kMaxSlabs) + " slabs in the stack");
  }
  if (!active) fail("calorimeter.layers", "no slab is active: expected at least one read-out slab");
}

void validate_cell_sections(const CaloStudyConfig& s) {
  std::size_t active = 0;
  for (const LayerGroupConfig& g : s.layers)
    for (const SlabConfig& slab : g.slabs) active += slab.active ? std::size_t(g.repeat) : 0;
  if (!(s.cell_sections >= 1 && std::size_t(s.cell_sections) <= active))
    fail("calorimeter.cell_sections",
         std::to_string(s.cell_sections) + ": expected 1 to the number of active layers (" + std::to_string(active) + ")");
  if (s.cell_sections > 1 && !(s.cell_size_m > 0))
    fail("calorimeter.cell_sections", "sections of the cells need cells: set calorimeter.cell_size_m");
  if (s.cell_size_m > 0) {
    const double per_side = std::ceil(2.0 * s.half_width_m / s.cell_size_m - 1e-9);
    if (double(s.cell_sections) * per_side * per_side > kMaxSectionCells)
      fail("calorimeter.cell_sections", std::to_string(s.cell_sections) + " sections of " +
                                            std::to_string(int(per_side * per_side)) + " cells: more than " +
                                            std::to_string(kMaxSectionCells) + " cells per shower");
  }
}

void validate_cuts_and_source(const CaloStudyConfig& s) {
  const CutsConfig& c = s.cuts;
  const double lowest_MeV = kLowestCut_GeV * 1e3;
  if (!(c.electron_MeV >= lowest_MeV && c.electron_MeV <= 1e3))
    fail("calorimeter.cuts.electron_MeV", with_unit(c.electron_MeV, "MeV") + ": expected 0.01 to 1000 MeV");
  if (!(c.photon_MeV >= lowest_MeV && c.photon_MeV <= 1e3))
    fail("calorimeter.cuts.photon_MeV", with_unit(c.photon_MeV, "MeV") + ": expected 0.01 to 1000 MeV");
  if (!(c.range_rejection_MeV >= 0 && c.range_rejection_MeV <= 1e3))
    fail("calorimeter.cuts.range_rejection_MeV", with_unit(c.range_rejection_MeV, "MeV") + ": expected 0 to 1000 MeV");
  const SourceConfig& src = s.source;
  if (!src.spectrum.shape.empty()) {
    validate_spectrum(src.spectrum);
    const double cut_GeV = 1e-3 * (src.particle == "photon" ? c.photon_MeV : c.electron_MeV);
    if (!(src.spectrum.min_GeV > cut_GeV))
      fail(src.particle == "photon" ? "calorimeter.cuts.photon_MeV" : "calorimeter.cuts.electron_MeV",
           "the cut is at or above the spectrum's lower end " + with_unit(src.spectrum.min_GeV, "GeV") +
               " (calorimeter.source.spectrum.min_GeV)");
  }
  if (src.energies_GeV.empty() || src.energies_GeV.size() > kMaxEnergies)
    fail("calorimeter.source.energies_GeV", std::to_string(src.energies_GeV.size()) + " energies: expected 1 to " +
                                                std::to_string(kMaxEnergies));
  for (std::size_t i = 0; i < src.energies_GeV.size(); ++i) {
    const std::string p = "calorimeter.source.energies_GeV[" + std::to_string(i) + "]";
    const double e = src.energies_GeV[i];
    if (!(e >= kTableMinEnergy_GeV && e <= kTableMaxEnergy_GeV))
      fail(p, with_unit(e, "GeV") + ": outside the tables (1e-6 to 1e5 GeV)");
    const double cut_GeV = 1e-3 * (src.particle == "photon" ? c.photon_MeV : c.electron_MeV);
    if (!(e > cut_GeV))
      fail(src.particle == "photon" ? "calorimeter.cuts.photon_MeV" : "calorimeter.cuts.electron_MeV",
           "the cut is at or above the beam energy " + with_unit(e, "GeV") + " (" + p + ")");
  }
  if (s.photon_electron_separation)
    for (double e : src.energies_GeV)
      if (!(e > 1e-3 * c.electron_MeV && e > 1e-3 * c.photon_MeV))
        fail("calorimeter.photon_electron_separation",
             "electrons and photons of " + with_unit(e, "GeV") + " are at or below a cut (calorimeter.cuts)");
  if (!(src.angle_deg >= 0 && src.angle_deg < 90))
    fail("calorimeter.source.angle_deg", with_unit(src.angle_deg, "deg") + ": expected 0 to < 90");
  if (!(src.spot_m >= 0 && src.spot_m <= s.half_width_m))
    fail("calorimeter.source.spot_m", with_unit(src.spot_m, "m") + ": expected 0 to the half width");
}

}  // namespace

const std::vector<std::string>& calo_study_keys() {
  static const std::vector<std::string> keys = {"showers", "save_showers", "calorimeter"};
  return keys;
}

CaloStudyConfig read_calo_study(const nlohmann::json& json) {
  const JsonObject top(json, "", with_common_keys(calo_study_keys()));
  CaloStudyConfig s;
  s.common = read_common(top, "calorimeter");
  top.get("showers", s.showers);
  top.get("save_showers", s.save_showers);
  const JsonValue section = top.required("calorimeter");
  const JsonObject o =
      section.object({"half_width_m", "layers", "source", "cuts", "cost", "design", "photon_electron_separation",
                      "cell_size_m", "cell_sections"});
  o.get("half_width_m", s.half_width_m);
  o.get("photon_electron_separation", s.photon_electron_separation);
  o.get("cell_size_m", s.cell_size_m);
  o.get("cell_sections", s.cell_sections);
  for (const JsonValue& l : o.required("layers").array()) s.layers.push_back(read_layer(l));
  if (const auto src = o.optional("source")) read_source(*src, s.source);
  if (const auto c = o.optional("cuts")) read_cuts(*c, s.cuts);
  if (const auto c = o.optional("cost")) read_cost(*c, s.cost);
  if (const auto d = o.optional("design")) read_design(*d, s.design);
  validate_calo_study(s);
  return s;
}

void validate_calo_study(const CaloStudyConfig& s) {
  validate_common(s.common);
  if (!(s.showers >= 2 && s.showers <= kMaxShowers)) fail("showers", std::to_string(s.showers) + ": expected 2 to 2^32");
  if (s.save_showers > s.showers) fail("save_showers", std::to_string(s.save_showers) + ": expected at most showers");
  require_positive("calorimeter.half_width_m", s.half_width_m, "m");
  require_finite("calorimeter.half_width_m", s.half_width_m, "m");
  validate_layers(s);
  require_non_negative("calorimeter.cell_size_m", s.cell_size_m, "m");
  require_finite("calorimeter.cell_size_m", s.cell_size_m, "m");
  if (s.cell_size_m > 0 && !(2.0 * s.half_width_m / s.cell_size_m <= kMaxCellsPerSide))
    fail("calorimeter.cell_size_m", with_unit(s.cell_size_m, "m") + ": more than " + std::to_string(kMaxCellsPerSide) +
                                        " cells across the stack's side (2 x half_width_m)");
  validate_cell_sections(s);
  validate_cuts_and_source(s);
  validate_cost_and_design(s);
}

namespace {

nlohmann::json source_json(const SourceConfig& src) {
  nlohmann::json out = {{"particle", src.particle}, {"angle_deg", src.angle_deg}, {"spot_m", src.spot_m}};
  if (src.spectrum.shape.empty()) {
    out["energies_GeV"] = src.energies_GeV;
  } else {
    out["spectrum"] = {{"shape", src.spectrum.shape},
                       {"min_GeV", src.spectrum.min_GeV},
                       {"max_GeV", src.spectrum.max_GeV},
                       {"index", src.spectrum.index},
                       {"bins", src.spectrum.bins}};
  }
  return out;
}

}  // namespace

nlohmann::json calo_study_json(const CaloStudyConfig& s) {
  nlohmann::json out = nlohmann::json::object();
  write_common(s.common, out);
  out["showers"] = s.showers;
  out["save_showers"] = s.save_showers;
  nlohmann::json layers = nlohmann::json::array();
  auto slab_json = [](const SlabConfig& slab) {
    return nlohmann::json{
        {"material", slab.material}, {"thickness_m", slab.thickness_m}, {"active", slab.active}, {"weight", slab.weight}};
  };
  for (const LayerGroupConfig& g : s.layers) {
    if (g.repeat == 1 && g.slabs.size() == 1) {
      layers.push_back(slab_json(g.slabs[0]));
    } else {
      nlohmann::json slabs = nlohmann::json::array();
      for (const SlabConfig& slab : g.slabs) slabs.push_back(slab_json(slab));
      layers.push_back({{"repeat", g.repeat}, {"slabs", slabs}});
    }
  }
  out["calorimeter"] = {{"half_width_m", s.half_width_m},
                        {"layers", layers},
                        {"source",
                         source_json(s.source)},
                        {"cuts",
                         {{"electron_MeV", s.cuts.electron_MeV},
                          {"photon_MeV", s.cuts.photon_MeV},
                          {"range_rejection_MeV", s.cuts.range_rejection_MeV}}},
                        {"cost",
                         {{"absorber_per_m3", s.cost.absorber_per_m3},
                          {"active_per_m3", s.cost.active_per_m3},
                          {"material_per_m3", s.cost.material_per_m3},
                          {"per_channel", s.cost.per_channel},
                          {"channels_per_layer", s.cost.channels_per_layer},
                          {"budget", s.cost.budget},
                          {"budget_coefficient", s.cost.budget_coefficient}}},
                        {"design",
                         {{"parameters", s.design.parameters},
                          {"min_scale", s.design.min_scale},
                          {"max_scale", s.design.max_scale},
                          {"max_depth_m", s.design.max_depth_m},
                          {"recalibrate_every", s.design.recalibrate_every}}},
                        {"photon_electron_separation", s.photon_electron_separation},
                        {"cell_size_m", s.cell_size_m},
                        {"cell_sections", s.cell_sections}};
  return out;
}

std::vector<double> SpectrumConfig::bin_centres_GeV() const {
  std::vector<double> c;
  for (int k = 0; k < bins; ++k) c.push_back(min_GeV * std::pow(max_GeV / min_GeV, (k + 0.5) / bins));
  return c;
}

StackSpec stack_spec(const CaloStudyConfig& s) {
  StackSpec spec;
  spec.half_width_m = s.half_width_m;
  for (const LayerGroupConfig& g : s.layers) {
    std::vector<SlabSpec> group;
    for (const SlabConfig& slab : g.slabs) group.push_back({slab.material, slab.thickness_m, slab.active, slab.weight});
    const std::vector<SlabSpec> r = repeat(group, g.repeat);
    spec.slabs.insert(spec.slabs.end(), r.begin(), r.end());
  }
  return spec;
}

EmCuts em_cuts(const CaloStudyConfig& s) {
  EmCuts c;
  c.electron_cut_GeV = 1e-3 * s.cuts.electron_MeV;
  c.photon_cut_GeV = 1e-3 * s.cuts.photon_MeV;
  return c;
}

}  // namespace detgrad::calorimeter
