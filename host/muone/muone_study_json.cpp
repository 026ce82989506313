#include "muone/muone_study_json.hpp"

#include <string>

#include "detgrad/muone/resolution_model.hpp"
#include "muone/muone_json.hpp"
#include "study/common_json.hpp"
#include "study/message_format.hpp"
#include "study/value_checks.hpp"

namespace detgrad::muone {

namespace {

using namespace study_detail;

constexpr std::uint64_t kMaxEvents = std::uint64_t(1) << 40;

void read_figure(const JsonValue& value, FigureConfig& f) {
  const JsonObject o = value.object({"q2_bins_GeV2", "high_q2_exponent", "softness_m"});
  if (const auto bins = o.optional("q2_bins_GeV2")) {
    f.q2_bins_GeV2.clear();
    for (const JsonValue& e : bins->array()) f.q2_bins_GeV2.push_back(e.number());
  }
  o.get("high_q2_exponent", f.high_q2_exponent);
  o.get("softness_m", f.softness_m);
}

void read_cost(const JsonValue& value, CostConfig& c) {
  const JsonObject o = value.object({"module", "area_per_m2", "resolution", "reference_sigma_m", "budget",
                                     "budget_coefficient"});
  o.get("module", c.module);
  o.get("area_per_m2", c.area_per_m2);
  o.get("resolution", c.resolution);
  o.get("reference_sigma_m", c.reference_sigma_m);
  o.get("budget", c.budget);
  o.get("budget_coefficient", c.budget_coefficient);
}

void validate_figure(const FigureConfig& f, const StationConfig& station) {
  const std::string path = "muone.figure_of_merit.q2_bins_GeV2";
  const std::vector<double>& e = f.q2_bins_GeV2;
  if (e.size() < 2 || e.size() > std::size_t(kMaxQ2Bins) + 1)
    fail(path, std::to_string(e.size()) + " edges: expected 2 to " + std::to_string(kMaxQ2Bins + 1));
  const EventRange range = event_range(station);
  for (std::size_t i = 0; i < e.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    require_finite(p, e[i], "GeV^2");
    const bool last_zero = i + 1 == e.size() && e[i] == 0.0;
    if (!last_zero && i > 0 && !(e[i] > e[i - 1])) fail(p, with_unit(e[i], "GeV^2") + ": edges must increase");
    if (!last_zero && !(e[i] > 0 && e[i] <= range.q2_hi_GeV2 * (1 + 1e-12)))
      fail(p, with_unit(e[i], "GeV^2") + ": expected an edge in (0, " + with_unit(range.q2_hi_GeV2, "GeV^2") +
                  "] (the electron-energy range's largest q2; 0 as the last edge means that)");
  }
  require_finite("muone.figure_of_merit.high_q2_exponent", f.high_q2_exponent, "");
  if (!(f.high_q2_exponent >= 0 && f.high_q2_exponent <= 4))
    fail("muone.figure_of_merit.high_q2_exponent", format_number(f.high_q2_exponent) + ": expected 0 to 4");
  require_positive("muone.figure_of_merit.softness_m", f.softness_m, "m");
}

void validate_cost(const CostConfig& c) {
  require_non_negative("muone.cost.module", c.module, "");
  require_non_negative("muone.cost.area_per_m2", c.area_per_m2, "per m^2");
  require_non_negative("muone.cost.resolution", c.resolution, "");
  require_positive("muone.cost.reference_sigma_m", c.reference_sigma_m, "m");
  require_non_negative("muone.cost.budget", c.budget, "");
  require_non_negative("muone.cost.budget_coefficient", c.budget_coefficient, "");
  if (!(c.module + c.area_per_m2 + c.resolution > 0)) fail("muone.cost", "every cost is 0: expected a cost model with something that costs");
}

}  // namespace

const std::vector<std::string>& muone_study_keys() {
  static const std::vector<std::string> keys = {"events", "save_events", "muone"};
  return keys;
}

MuoneStudyConfig read_muone_study(const nlohmann::json& json) {
  const JsonObject top(json, "", with_common_keys(muone_study_keys()));
  MuoneStudyConfig s;
  s.common = read_common(top, "muone");
  top.get("events", s.events);
  top.get("save_events", s.save_events);
  const JsonValue section = top.required("muone");
  s.station = read_station(section);
  const JsonObject o(section.json(), section.path(), {"station_z_m", "beam", "target", "modules", "electron_energy_GeV",
                                                      "bremsstrahlung", "figure_of_merit", "cost", "misalignment",
                                                      "alignment"});
  if (const auto f = o.optional("figure_of_merit")) read_figure(*f, s.figure);
  if (const auto c = o.optional("cost")) read_cost(*c, s.cost);
  if (const auto m = o.optional("misalignment")) s.misalignment = read_misalignment(*m);
  if (const auto a = o.optional("alignment")) s.alignment = read_alignment_fit(*a);
  validate_muone_study(s);
  return s;
}

void validate_muone_study(const MuoneStudyConfig& s) {
  validate_common(s.common);
  if (!(s.events >= 1 && s.events <= kMaxEvents)) fail("events", std::to_string(s.events) + ": expected 1 to 2^40");
  validate_station(s.station);
  validate_figure(s.figure, s.station);
  validate_cost(s.cost);
  validate_misalignment(s.misalignment, s.station);
  validate_alignment_fit(s.alignment);
}

nlohmann::json muone_study_json(const MuoneStudyConfig& s) {
  nlohmann::json out = nlohmann::json::object();
  write_common(s.common, out);
  out["events"] = s.events;
  out["save_events"] = s.save_events;
  nlohmann::json section = station_json(s.station);
  section["figure_of_merit"] = {{"q2_bins_GeV2", s.figure.q2_bins_GeV2},
                                {"high_q2_exponent", s.figure.high_q2_exponent},
                                {"softness_m", s.figure.softness_m}};
  section["cost"] = {{"module", s.cost.module},
                     {"area_per_m2", s.cost.area_per_m2},
                     {"resolution", s.cost.resolution},
                     {"reference_sigma_m", s.cost.reference_sigma_m},
                     {"budget", s.cost.budget},
                     {"budget_coefficient", s.cost.budget_coefficient}};
  if (s.misalignment.present) section["misalignment"] = misalignment_json(s.misalignment);
  section["alignment"] = alignment_fit_json(s.alignment);
  out["muone"] = section;
  return out;
}

}  // namespace detgrad::muone
