#include "swgo/swgo_json.hpp"

#include <cmath>
#include <sstream>

#include "detgrad/core/error.hpp"
#include "install/install_paths.hpp"
#include "study/common_json.hpp"
#include "study/json_reader.hpp"
#include "swgo/layout_file.hpp"
#include "swgo/layout_json.hpp"

namespace detgrad::swgo {

using study_detail::JsonObject;
using study_detail::JsonValue;

namespace {

const std::vector<std::string> kShapeNames = {"hexagonal", "rings", "packed_ball", "random_ball", "two_annuli"};

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

LayoutGenerator read_generator(const JsonObject& g, double least) {
  LayoutGenerator out;
  out.least_distance_m = least;
  const std::string shape = g.required("shape").choice(kShapeNames);
  for (std::size_t i = 0; i < kShapeNames.size(); ++i)
    if (kShapeNames[i] == shape) out.shape = LayoutShape(i);
  g.get_required("units", out.units);
  std::array<double, 2> centre{out.centre_x, out.centre_y};
  g.get("centre_m", centre);
  out.centre_x = centre[0];
  out.centre_y = centre[1];
  g.get("spacing_m", out.spacing_m);
  g.get("radius_m", out.radius_m);
  std::array<double, 2> inner{out.inner_min_m, out.inner_max_m}, outer{out.outer_min_m, out.outer_max_m};
  g.get("inner_m", inner);
  g.get("outer_m", outer);
  out.inner_min_m = inner[0];
  out.inner_max_m = inner[1];
  out.outer_min_m = outer[0];
  out.outer_max_m = outer[1];
  g.get("inner_fraction", out.inner_fraction);
  g.get("seed", out.seed);
  if (out.units < 1) throw StudyError(g.child_path("units"), "expected at least 1 unit");
  if (!(out.spacing_m > 0)) throw StudyError(g.child_path("spacing_m"), "expected a spacing > 0 m");
  if (!(out.radius_m > 0)) throw StudyError(g.child_path("radius_m"), "expected a radius > 0 m");
  if (!(out.inner_min_m >= 0 && out.inner_max_m > out.inner_min_m))
    throw StudyError(g.child_path("inner_m"), "expected 0 <= inner radius < outer radius");
  if (!(out.outer_min_m >= 0 && out.outer_max_m > out.outer_min_m))
    throw StudyError(g.child_path("outer_m"), "expected 0 <= inner radius < outer radius");
  if (!(out.inner_fraction >= 0 && out.inner_fraction <= 1))
    throw StudyError(g.child_path("inner_fraction"), "expected a fraction in [0, 1]");
  return out;
}

}  // namespace

std::filesystem::path study_path(const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || std::filesystem::exists(p)) return p;
  return install::find_in_share_dir(p).value_or(p);
}

std::filesystem::path ldf_folder(const SwgoConfig& c) {
  return c.data_dir.empty() ? install::share_path("data/swgo") : study_path(c.data_dir);
}

SwgoConfig read_swgo_study(const nlohmann::json& study, Layout* resolved) {
  using namespace study_detail;
  const JsonObject top(study, "", with_common_keys({"swgo"}));
  SwgoConfig c;
  c.common = read_common(top, "swgo");
  const JsonObject s = top.required("swgo").object({"data_dir", "layout", "unit", "least_distance_m", "site",
                                                     "gamma_fraction", "energy_PeV", "spectral_slope", "core_slack_m",
                                                     "showers", "template_showers", "save_showers", "utility",
                                                     "time_errors", "optimization_errors"});
  s.get("data_dir", c.data_dir);
  if (const auto unit = s.optional("unit")) c.unit = unit->choice({"tank", "macro_unit"}) == "tank" ? UnitKind::tank : UnitKind::macro_unit;
  s.get("least_distance_m", c.least_distance_m);
  if (c.least_distance_m && !(*c.least_distance_m >= 0))
    throw StudyError(s.child_path("least_distance_m"), "expected a distance >= 0 m");
  const JsonObject layout = s.required("layout").object({"file", "units", "generator"});
  const int given = int(layout.has("file")) + int(layout.has("units")) + int(layout.has("generator"));
  if (given != 1) throw StudyError(layout.path(), "expected exactly one of \"file\", \"units\", \"generator\"");
  layout.get("file", c.layout.file);
  if (const auto units = layout.optional("units")) c.layout.units = read_points(*units);
  if (const auto g = layout.optional("generator"))
    c.layout.generator = read_generator(
        g->object({"shape", "units", "centre_m", "spacing_m", "radius_m", "inner_m", "outer_m", "inner_fraction", "seed"}),
        c.least_distance());
  if (const auto site = s.optional("site")) {
    c.site = read_points(*site);
    if (c.site.size() < 3) throw StudyError(s.child_path("site"), "expected at least 3 corners");
  }
  s.get("gamma_fraction", c.gamma_fraction);
  std::array<double, 2> energy{c.energy_min_PeV, c.energy_max_PeV};
  s.get("energy_PeV", energy);
  c.energy_min_PeV = energy[0];
  c.energy_max_PeV = energy[1];
  s.get("spectral_slope", c.spectral_slope);
  s.get("core_slack_m", c.core_slack_m);
  s.get("showers", c.showers);
  s.get("template_showers", c.template_showers);
  s.get("save_showers", c.save_showers);
  if (const auto u = s.optional("utility")) {
    const JsonObject o = u->object({"gamma_fraction", "energy", "pointing", "area_cost", "area_threshold_km2",
                                    "cable_cost", "cable_allowance_m", "station_xy_m"});
    o.get("gamma_fraction", c.utility.gamma_fraction);
    o.get("energy", c.utility.energy);
    o.get("pointing", c.utility.pointing);
    ArrayCostCoefficients& k = c.utility.costs;
    o.get("area_cost", k.area_cost);
    o.get("area_threshold_km2", k.area_threshold_km2);
    o.get("cable_cost", k.cable_cost);
    o.get("cable_allowance_m", k.cable_allowance_m);
    o.get("station_xy_m", k.station_xy_m);
    const auto non_negative = [&o](const char* key, double v, const char* unit) {
      if (!(std::isfinite(v) && v >= 0))
        throw StudyError(o.child_path(key), fmt(v) + " is not a finite number >= 0 " + unit);
    };
    non_negative("area_cost", k.area_cost, "(per km^2)");
    non_negative("area_threshold_km2", k.area_threshold_km2, "km^2");
    non_negative("cable_cost", k.cable_cost, "(per km)");
    non_negative("cable_allowance_m", k.cable_allowance_m, "m");
    if (!(std::isfinite(k.station_xy_m[0]) && std::isfinite(k.station_xy_m[1])))
      throw StudyError(o.child_path("station_xy_m"), "expected a finite [x, y] in m");
  }
  if (const auto t = s.optional("time_errors")) c.reference_time_errors = t->choice({"recorded", "reference"}) == "reference";
  if (const auto e = s.optional("optimization_errors"))
    c.optimization_errors =
        e->choice({"expected", "fitted"}) == "fitted" ? OptimizationErrors::fitted : OptimizationErrors::expected;
  // Range checks with the paths of the values.
  if (!(c.gamma_fraction >= 0 && c.gamma_fraction <= 1))
    throw StudyError(s.child_path("gamma_fraction"), fmt(c.gamma_fraction) + " is not a fraction in [0, 1]");
  if (!(c.energy_min_PeV >= kEnergyMin_PeV && c.energy_max_PeV <= kEnergyMax_PeV && c.energy_min_PeV < c.energy_max_PeV))
    throw StudyError(s.child_path("energy_PeV"), "expected 0.1 <= E_min < E_max <= 10 PeV (the model's range)");
  if (!(c.spectral_slope >= 0 && c.spectral_slope <= 5))
    throw StudyError(s.child_path("spectral_slope"), "expected a slope in [0, 5]");
  if (!(c.core_slack_m > 0)) throw StudyError(s.child_path("core_slack_m"), "expected a margin > 0 m");
  if (c.showers < 1) throw StudyError(s.child_path("showers"), "expected at least 1 shower");
  if (c.template_showers < 10) throw StudyError(s.child_path("template_showers"), "expected at least 10 showers");
  Layout units = resolve_layout(c);
  validate_swgo(c, units);
  if (resolved) *resolved = std::move(units);
  return c;
}

Layout resolve_layout(const SwgoConfig& c) {
  if (!c.layout.file.empty()) return read_layout_file(study_path(c.layout.file));
  if (c.layout.generator) {
    try {
      return generate_layout(*c.layout.generator);
    } catch (const std::invalid_argument& e) {
      throw StudyError("swgo.layout.generator", e.what());
    }
  }
  Layout l;
  for (const auto& u : c.layout.units) l.add(u[0], u[1]);
  return l;
}

void validate_layout(const SwgoConfig& c, const Layout& layout, const std::string& where) {
  const std::size_t needed = std::size_t((kTriggerTanks + c.tanks_per_unit() - 1) / c.tanks_per_unit());
  if (layout.size() < needed)
    throw StudyError(where, std::to_string(layout.size()) + " units cannot trigger: the trigger needs " +
                                std::to_string(kTriggerTanks) + " tanks hit, at least " + std::to_string(needed) +
                                (c.unit == UnitKind::tank ? " tanks" : " macro-units of 19 tanks"));
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (!std::isfinite(layout.x[i]) || !std::isfinite(layout.y[i]))
      throw StudyError(where + "[" + std::to_string(i) + "]", "the position is not finite");
  if (const auto p = find_close_pair(layout, c.least_distance()))
    throw StudyError(where, "units " + std::to_string(p->i) + " (" + fmt(layout.x[p->i]) + ", " + fmt(layout.y[p->i]) +
                                ") and " + std::to_string(p->j) + " (" + fmt(layout.x[p->j]) + ", " +
                                fmt(layout.y[p->j]) + ") are " + fmt(p->distance) + " m apart, less than the least distance " +
                                fmt(c.least_distance()) + " m");
  if (c.site.empty()) return;
  const optimize::Polygon site = site_polygon(c.site);
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (!optimize::point_inside(site, {layout.x[i], layout.y[i]}, 0.0))
      throw StudyError(where + "[" + std::to_string(i) + "]",
                       "unit at (" + fmt(layout.x[i]) + ", " + fmt(layout.y[i]) + ") m is outside the site (swgo.site)");
}

void validate_swgo(const SwgoConfig& c, const Layout& layout) {
  study_detail::validate_common(c.common);
  validate_layout(c, layout, c.layout.file.empty() ? "swgo.layout" : c.layout.file);
}

void write_swgo_study(const SwgoConfig& c, nlohmann::json& out) {
  study_detail::write_common(c.common, out);
  nlohmann::json s;
  if (!c.data_dir.empty()) s["data_dir"] = c.data_dir;
  nlohmann::json layout;
  if (!c.layout.file.empty()) {
    layout["file"] = c.layout.file;
  } else if (c.layout.generator) {
    const LayoutGenerator& g = *c.layout.generator;
    layout["generator"] = {{"shape", layout_shape_name(g.shape)}, {"units", g.units},
                           {"centre_m", {g.centre_x, g.centre_y}}, {"spacing_m", g.spacing_m},
                           {"radius_m", g.radius_m}, {"inner_m", {g.inner_min_m, g.inner_max_m}},
                           {"outer_m", {g.outer_min_m, g.outer_max_m}}, {"inner_fraction", g.inner_fraction},
                           {"seed", g.seed}};
  } else {
    layout["units"] = points_json(c.layout.units);
  }
  s["layout"] = layout;
  s["unit"] = c.unit == UnitKind::tank ? "tank" : "macro_unit";
  s["least_distance_m"] = c.least_distance();
  if (!c.site.empty()) {
    s["site"] = points_json(c.site);
  }
  s["gamma_fraction"] = c.gamma_fraction;
  s["energy_PeV"] = {c.energy_min_PeV, c.energy_max_PeV};
  s["spectral_slope"] = c.spectral_slope;
  s["core_slack_m"] = c.core_slack_m;
  s["showers"] = c.showers;
  s["template_showers"] = c.template_showers;
  s["save_showers"] = c.save_showers;
  const ArrayCostCoefficients& k = c.utility.costs;
  s["utility"] = {{"gamma_fraction", c.utility.gamma_fraction},
                  {"energy", c.utility.energy},
                  {"pointing", c.utility.pointing},
                  {"area_cost", k.area_cost},
                  {"area_threshold_km2", k.area_threshold_km2},
                  {"cable_cost", k.cable_cost},
                  {"cable_allowance_m", k.cable_allowance_m},
                  {"station_xy_m", {k.station_xy_m[0], k.station_xy_m[1]}}};
  s["time_errors"] = c.reference_time_errors ? "reference" : "recorded";
  s["optimization_errors"] = c.optimization_errors == OptimizationErrors::fitted ? "fitted" : "expected";
  out["swgo"] = s;
}

}  // namespace detgrad::swgo
