#include "muone/muone_json.hpp"

#include <cmath>
#include <string>

#include "detgrad/core/units.hpp"
#include "detgrad/muone/elastic_kinematics.hpp"
#include "study/message_format.hpp"
#include "study/value_checks.hpp"

namespace detgrad::muone {

namespace {

using namespace study_detail;

constexpr double kMaxSigma_m = 0.01;  // a hit resolution above 1 cm is a unit mistake

struct TargetMaterial {
  const char* name;
  double radiation_length_m, density_kg_m3, z, molar_mass_g_mol;
};
// PDG Atomic and Nuclear Properties: X0 and density; Z and A of the element.
const TargetMaterial kTargetMaterials[] = {
    {"beryllium", 0.3528, 1848.0, 4.0, 9.012182},
    {"graphite", 0.1932, 2210.0, 6.0, 12.0107},
};

std::vector<std::string> material_names() {
  std::vector<std::string> names;
  for (const TargetMaterial& m : kTargetMaterials) names.push_back(m.name);
  return names;
}

void set_material(TargetConfig& target, const std::string& name) {
  for (const TargetMaterial& m : kTargetMaterials)
    if (name == m.name) {
      target.material = m.name;
      target.radiation_length_m = m.radiation_length_m;
      target.density_kg_m3 = m.density_kg_m3;
      target.atomic_number = m.z;
      target.molar_mass_g_mol = m.molar_mass_g_mol;
    }
}

// "x", "y", "u" (+45 deg), "v" (-45 deg) or an angle in degrees; returns degrees.
double read_view(const JsonValue& value) {
  if (value.json().is_string()) {
    const std::string v = value.choice({"x", "y", "u", "v"});
    return v == "x" ? 0.0 : (v == "y" ? 90.0 : (v == "u" ? 45.0 : -45.0));
  }
  const double deg = value.number();
  if (!(deg > -180.0 && deg <= 180.0)) value.fail(format_number(deg) + ": expected a view angle in degrees in (-180, 180] or one of \"x\", \"y\", \"u\", \"v\"");
  return deg;
}

ModuleConfig read_module(const JsonValue& value) {
  const JsonObject o = value.object({"name", "z_m", "view", "thickness_x0", "sigma_m", "efficiency", "size_m",
                                     "offset_m", "depth_m"});
  ModuleConfig m;
  o.get_required("name", m.name);
  o.get_required("z_m", m.z_m);
  m.view_deg = read_view(o.required("view"));
  o.get("thickness_x0", m.thickness_x0);
  o.get("sigma_m", m.sigma_m);
  o.get("efficiency", m.efficiency);
  o.get("size_m", m.size_m);
  o.get("offset_m", m.offset_m);
  o.get("depth_m", m.depth_m);
  return m;
}

std::string module_path(std::size_t i) { return "muone.modules[" + std::to_string(i) + "]"; }

void validate_module(const ModuleConfig& m, const std::string& path, const StationConfig& s) {
  require_non_empty(path + ".name", m.name, "module name");
  require_finite(path + ".z_m", m.z_m, "m");
  if (!(m.z_m - 0.5 * m.depth_m >= s.z_start_m && m.z_m + 0.5 * m.depth_m <= s.z_end_m)) {
    fail(path + ".z_m", with_unit(m.z_m, "m") + " puts the module outside the station (z from " +
                            format_number(s.z_start_m) + " to " + with_unit(s.z_end_m, "m") + ")");
  }
  require_finite(path + ".sigma_m", m.sigma_m, "m");
  if (!(m.sigma_m > 0 && m.sigma_m <= kMaxSigma_m)) {
    fail(path + ".sigma_m", with_unit(m.sigma_m, "m") + ": expected a hit resolution in (0, " + with_unit(kMaxSigma_m, "m") + "]");
  }
  require_finite(path + ".efficiency", m.efficiency, "");
  if (!(m.efficiency > 0 && m.efficiency <= 1)) fail(path + ".efficiency", format_number(m.efficiency) + ": expected an efficiency in (0, 1]");
  require_non_negative(path + ".thickness_x0", m.thickness_x0, "");
  if (m.thickness_x0 > 0.1) fail(path + ".thickness_x0", format_number(m.thickness_x0) + ": expected a thin module, x/X0 at most 0.1");
  require_positive(path + ".size_m", m.size_m, "m");
  require_finite(path + ".offset_m", m.offset_m, "m");
  if (std::fabs(m.offset_m) > m.size_m) fail(path + ".offset_m", with_unit(m.offset_m, "m") + ": expected |offset| at most the module's size (" + with_unit(m.size_m, "m") + ")");
  require_positive(path + ".depth_m", m.depth_m, "m");
}

// Each side needs at least four measurements in at least two directions to fix a line in space.
void validate_side(const StationConfig& s, std::size_t first, std::size_t end, const char* side) {
  bool two_views = false;
  for (std::size_t i = first; i < end; ++i)
    for (std::size_t j = first; j < i; ++j)
      if (std::fabs(std::sin((s.modules[i].view_deg - s.modules[j].view_deg) * units::kDegree_rad)) > 1e-3) two_views = true;
  if (end - first < 4 || !two_views) {
    fail("muone.modules", std::to_string(end - first) + " module(s) " + side +
                              " the target: expected at least 4, measuring in at least two directions, to fit the " +
                              (first == 0 ? "incoming" : "outgoing") + " tracks");
  }
}

}  // namespace

StationConfig read_station(const JsonValue& value) {
  // "figure_of_merit", "cost", "misalignment" and "alignment" belong to the section too;
  // read_muone_study reads them.
  const JsonObject o = value.object({"station_z_m", "beam", "target", "modules", "electron_energy_GeV", "bremsstrahlung",
                                     "figure_of_merit", "cost", "misalignment", "alignment"});
  StationConfig s;
  std::array<double, 2> extent{s.z_start_m, s.z_end_m};
  o.get("station_z_m", extent);
  s.z_start_m = extent[0];
  s.z_end_m = extent[1];
  if (const auto beam = o.optional("beam")) {
    const JsonObject b = beam->object({"momentum_GeV", "momentum_sigma_GeV", "divergence_x_rad", "divergence_y_rad",
                                       "spot_sigma_x_m", "spot_sigma_y_m"});
    b.get("momentum_GeV", s.beam.momentum_GeV);
    b.get("momentum_sigma_GeV", s.beam.momentum_sigma_GeV);
    b.get("divergence_x_rad", s.beam.divergence_x_rad);
    b.get("divergence_y_rad", s.beam.divergence_y_rad);
    b.get("spot_sigma_x_m", s.beam.spot_sigma_x_m);
    b.get("spot_sigma_y_m", s.beam.spot_sigma_y_m);
  }
  if (const auto target = o.optional("target")) {
    const JsonObject t = target->object({"material", "z_m", "thickness_m"});
    if (const auto material = t.optional("material")) set_material(s.target, material->choice(material_names()));
    t.get("z_m", s.target.z_m);
    t.get("thickness_m", s.target.thickness_m);
  }
  for (const JsonValue& element : o.required("modules").array()) s.modules.push_back(read_module(element));
  std::array<double, 2> energy{s.electron_energy_min_GeV, s.electron_energy_max_GeV};
  if (o.get("electron_energy_GeV", energy)) {
    s.electron_energy_min_GeV = energy[0];
    s.electron_energy_max_GeV = energy[1];
  }
  bool brems = false;
  if (o.get("bremsstrahlung", brems)) s.bremsstrahlung = brems ? Bremsstrahlung::on : Bremsstrahlung::off;
  resolve_defaults(s);
  return s;
}

void validate_station(const StationConfig& s) {
  require_range("muone.station_z_m", s.z_start_m, s.z_end_m, "m");
  require_positive("muone.beam.momentum_GeV", s.beam.momentum_GeV, "GeV");
  if (s.beam.momentum_GeV < 1.0) fail("muone.beam.momentum_GeV", with_unit(s.beam.momentum_GeV, "GeV") + ": expected a beam of at least 1 GeV");
  require_non_negative("muone.beam.momentum_sigma_GeV", s.beam.momentum_sigma_GeV, "GeV");
  if (s.beam.momentum_sigma_GeV > 0.1 * s.beam.momentum_GeV) fail("muone.beam.momentum_sigma_GeV", with_unit(s.beam.momentum_sigma_GeV, "GeV") + ": expected at most 10 % of the momentum");
  require_non_negative("muone.beam.divergence_x_rad", s.beam.divergence_x_rad, "rad");
  require_non_negative("muone.beam.divergence_y_rad", s.beam.divergence_y_rad, "rad");
  require_non_negative("muone.beam.spot_sigma_x_m", s.beam.spot_sigma_x_m, "m");
  require_non_negative("muone.beam.spot_sigma_y_m", s.beam.spot_sigma_y_m, "m");

  const TargetConfig& t = s.target;
  require_finite("muone.target.z_m", t.z_m, "m");
  require_positive("muone.target.thickness_m", t.thickness_m, "m");
  const double front = t.z_m - 0.5 * t.thickness_m, back = t.z_m + 0.5 * t.thickness_m;
  if (!(front > s.z_start_m && back < s.z_end_m)) {
    fail("muone.target.z_m", "the target (z from " + format_number(front) + " to " + with_unit(back, "m") +
                                 ") is not inside the station (z from " + format_number(s.z_start_m) + " to " +
                                 with_unit(s.z_end_m, "m") + ")");
  }

  if (s.modules.size() > std::size_t(kMaxModules)) {
    fail("muone.modules", std::to_string(s.modules.size()) + " modules: expected at most " + std::to_string(kMaxModules));
  }
  for (std::size_t i = 0; i < s.modules.size(); ++i) {
    const ModuleConfig& m = s.modules[i];
    const std::string path = module_path(i);
    validate_module(m, path, s);
    if (std::fabs(m.z_m - t.z_m) < 0.5 * (m.depth_m + t.thickness_m)) {
      fail(path + ".z_m", with_unit(m.z_m, "m") + ": the module (depth " + with_unit(m.depth_m, "m") +
                              ") overlaps the target (z from " + format_number(front) + " to " + with_unit(back, "m") + ")");
    }
    if (i > 0) {
      const ModuleConfig& p = s.modules[i - 1];
      if (!(m.z_m > p.z_m)) {
        fail(path + ".z_m", with_unit(m.z_m, "m") + ": modules must be listed in increasing z (" + module_path(i - 1) +
                                ".z_m is " + with_unit(p.z_m, "m") + ")");
      }
      if (m.z_m - p.z_m < 0.5 * (m.depth_m + p.depth_m)) {
        fail(path + ".z_m", with_unit(m.z_m, "m") + ": the module overlaps " + module_path(i - 1) + " at " +
                                with_unit(p.z_m, "m") + " (depths " + format_number(p.depth_m) + " and " +
                                with_unit(m.depth_m, "m") + ")");
      }
    }
    for (std::size_t j = 0; j < i; ++j)
      if (s.modules[j].name == m.name) fail(path + ".name", "duplicate module name " + quote(m.name));
  }
  const std::size_t upstream = std::size_t(count_upstream(s));
  validate_side(s, 0, upstream, "before");
  validate_side(s, upstream, s.modules.size(), "after");

  // Electron energies: above the electron's mass, at most the largest energy the beam's
  // nominal momentum can give.
  const ElasticKinematics<double> k = ElasticKinematics<double>::from_momentum(s.beam.momentum_GeV);
  const double me = electron_mass<double>();
  const double e_max = me + k.electron_kinetic_max();
  require_range("muone.electron_energy_GeV", s.electron_energy_min_GeV, s.electron_energy_max_GeV, "GeV");
  if (!(s.electron_energy_min_GeV > me)) {
    fail("muone.electron_energy_GeV[0]", with_unit(s.electron_energy_min_GeV, "GeV") +
                                             " is below the kinematic limit: the electron's energy exceeds its mass, " +
                                             with_unit(me, "GeV"));
  }
  if (s.electron_energy_max_GeV > e_max * (1 + 1e-12)) {
    fail("muone.electron_energy_GeV[1]", with_unit(s.electron_energy_max_GeV, "GeV") +
                                             " is above the kinematic limit " + with_unit(e_max, "GeV") + " at " +
                                             with_unit(s.beam.momentum_GeV, "GeV") + " (q2_max " +
                                             with_unit(k.q2_max(), "GeV^2") + ")");
  }
}

nlohmann::json station_json(const StationConfig& s) {
  nlohmann::json modules = nlohmann::json::array();
  for (const ModuleConfig& m : s.modules) {
    modules.push_back({{"name", m.name},
                       {"z_m", m.z_m},
                       {"view", m.view_deg},
                       {"thickness_x0", m.thickness_x0},
                       {"sigma_m", m.sigma_m},
                       {"efficiency", m.efficiency},
                       {"size_m", m.size_m},
                       {"offset_m", m.offset_m},
                       {"depth_m", m.depth_m}});
  }
  return {{"station_z_m", {s.z_start_m, s.z_end_m}},
          {"beam",
           {{"momentum_GeV", s.beam.momentum_GeV},
            {"momentum_sigma_GeV", s.beam.momentum_sigma_GeV},
            {"divergence_x_rad", s.beam.divergence_x_rad},
            {"divergence_y_rad", s.beam.divergence_y_rad},
            {"spot_sigma_x_m", s.beam.spot_sigma_x_m},
            {"spot_sigma_y_m", s.beam.spot_sigma_y_m}}},
          {"target", {{"material", s.target.material}, {"z_m", s.target.z_m}, {"thickness_m", s.target.thickness_m}}},
          {"modules", modules},
          {"electron_energy_GeV", {s.electron_energy_min_GeV, s.electron_energy_max_GeV}},
          {"bremsstrahlung", s.bremsstrahlung == Bremsstrahlung::on}};
}

}  // namespace detgrad::muone
