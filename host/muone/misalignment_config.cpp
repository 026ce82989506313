#include "muone/misalignment_config.hpp"

#include <cmath>

#include "detgrad/core/random.hpp"
#include "study/message_format.hpp"
#include "study/value_checks.hpp"

namespace detgrad::muone {

using namespace study_detail;

const char* const kModuleParameterKeys[7] = {"du_m", "dz_m", "rot_z_rad", "tilt_u_rad", "tilt_v_rad", "bow_m", "dv_m"};
const char* const kTargetParameterKeys[3] = {"dz_m", "tilt_x_rad", "tilt_y_rad"};

namespace {

// A module's misalignment above 1 mm or 10 mrad, or a bow above 1 mm, is a unit mistake:
// the fit linearises about the nominal geometry.
constexpr double kMaxShift_m = 1e-3;
constexpr double kMaxAngle_rad = 1e-2;

std::vector<std::string> keys_of(const char* const* keys, int n, std::vector<std::string> more = {}) {
  for (int i = 0; i < n; ++i) more.push_back(keys[i]);
  return more;
}

void read_module_values(const JsonObject& o, double (&v)[7]) {
  for (int p = 0; p < 7; ++p) o.get(kModuleParameterKeys[p], v[p]);
}

void read_target_values(const JsonObject& o, double (&v)[3]) {
  for (int p = 0; p < 3; ++p) o.get(kTargetParameterKeys[p], v[p]);
}

bool is_angle(const std::string& key) { return key.size() > 4 && key.compare(key.size() - 4, 4, "_rad") == 0; }

void check_value(const std::string& path, double v, bool width) {
  const bool angle = is_angle(path);
  require_finite(path, v, angle ? "rad" : "m");
  if (width) require_non_negative(path, v, angle ? "rad" : "m");
  const double limit = angle ? kMaxAngle_rad : kMaxShift_m;
  if (std::fabs(v) > limit)
    fail(path, with_unit(v, angle ? "rad" : "m") + ": expected at most " + with_unit(limit, angle ? "rad" : "m") +
                   " (a misalignment, not a displacement)");
}

nlohmann::json module_values_json(const double (&v)[7]) {
  nlohmann::json o = nlohmann::json::object();
  for (int p = 0; p < 7; ++p) o[kModuleParameterKeys[p]] = v[p];
  return o;
}

nlohmann::json target_values_json(const double (&v)[3]) {
  nlohmann::json o = nlohmann::json::object();
  for (int p = 0; p < 3; ++p) o[kTargetParameterKeys[p]] = v[p];
  return o;
}

}  // namespace

MisalignmentConfig read_misalignment(const JsonValue& value) {
  const JsonObject o = value.object({"seed", "widths", "modules", "target", "beam_muons_per_event"});
  MisalignmentConfig m;
  m.present = true;
  o.get("seed", m.seed);
  o.get("beam_muons_per_event", m.beam_muons_per_event);
  if (const auto w = o.optional("widths")) {
    const JsonObject wo = w->object(keys_of(kModuleParameterKeys, 7, {"target_dz_m", "target_tilt_rad"}));
    read_module_values(wo, m.widths.module);
    wo.get("target_dz_m", m.widths.target[kTargetDz]);
    double tilt = 0;
    if (wo.get("target_tilt_rad", tilt)) m.widths.target[kTargetTiltX] = m.widths.target[kTargetTiltY] = tilt;
  }
  if (const auto list = o.optional("modules")) {
    for (const JsonValue& e : list->array()) {
      const JsonObject mo = e.object(keys_of(kModuleParameterKeys, 7, {"name"}));
      ModuleMisalignment mm;
      mo.get_required("name", mm.name);
      read_module_values(mo, mm.values.module);
      m.modules.push_back(mm);
    }
  }
  if (const auto t = o.optional("target")) read_target_values(t->object(keys_of(kTargetParameterKeys, 3)), m.target);
  return m;
}

AlignmentFitConfig read_alignment_fit(const JsonValue& value) {
  const JsonObject o = value.object({"iterations", "prior", "min_electron_GeV"});
  AlignmentFitConfig a;
  o.get("iterations", a.iterations);
  o.get("min_electron_GeV", a.min_electron_GeV);
  if (const auto p = o.optional("prior")) {
    const JsonObject po = p->object(keys_of(kModuleParameterKeys, 6, {"target_dz_m", "target_tilt_rad"}));
    for (int k = 0; k < kFittedModuleParameters; ++k) po.get(kModuleParameterKeys[k], a.prior.module[k]);
    po.get("target_dz_m", a.prior.target[kTargetDz]);
    double tilt = a.prior.target[kTargetTiltX];
    if (po.get("target_tilt_rad", tilt)) a.prior.target[kTargetTiltX] = a.prior.target[kTargetTiltY] = tilt;
  }
  return a;
}

void validate_misalignment(const MisalignmentConfig& m, const StationConfig& station) {
  if (!m.present) return;
  const std::string base = "muone.misalignment";
  for (int p = 0; p < 7; ++p) check_value(base + ".widths." + kModuleParameterKeys[p], m.widths.module[p], true);
  check_value(base + ".widths.target_dz_m", m.widths.target[kTargetDz], true);
  check_value(base + ".widths.target_tilt_rad", m.widths.target[kTargetTiltX], true);
  std::vector<std::string> names;
  for (const ModuleConfig& mc : station.modules) names.push_back(mc.name);
  for (std::size_t i = 0; i < m.modules.size(); ++i) {
    const std::string path = base + ".modules[" + std::to_string(i) + "]";
    bool known = false;
    for (const std::string& n : names) known = known || n == m.modules[i].name;
    if (!known) {
      const auto near = closest_match(m.modules[i].name, names);
      fail(path + ".name", "unknown module " + quote(m.modules[i].name) + ": the station's modules are " +
                               join_quoted(names) + (near ? " (did you mean " + quote(*near) + "?)" : ""));
    }
    for (std::size_t j = 0; j < i; ++j)
      if (m.modules[j].name == m.modules[i].name) fail(path + ".name", "module " + quote(m.modules[i].name) + " listed twice");
    for (int p = 0; p < 7; ++p) check_value(path + "." + kModuleParameterKeys[p], m.modules[i].values.module[p], false);
  }
  for (int p = 0; p < 3; ++p) check_value(base + ".target." + kTargetParameterKeys[p], m.target[p], false);
  const std::string bm = base + ".beam_muons_per_event";
  require_finite(bm, m.beam_muons_per_event, "");
  if (!(m.beam_muons_per_event >= 0 && m.beam_muons_per_event <= 100))
    fail(bm, format_number(m.beam_muons_per_event) + ": expected 0 to 100 recorded beam muons per elastic event");
}

void validate_alignment_fit(const AlignmentFitConfig& a) {
  if (!(a.iterations >= 1 && a.iterations <= 20))
    fail("muone.alignment.iterations", std::to_string(a.iterations) + ": expected 1 to 20");
  for (int p = 0; p < 6; ++p) {
    const std::string path = std::string("muone.alignment.prior.") + kModuleParameterKeys[p];
    require_non_negative(path, a.prior.module[p], is_angle(path) ? "rad" : "m");
  }
  require_non_negative("muone.alignment.prior.target_dz_m", a.prior.target[kTargetDz], "m");
  require_non_negative("muone.alignment.prior.target_tilt_rad", a.prior.target[kTargetTiltX], "rad");
  require_finite("muone.alignment.min_electron_GeV", a.min_electron_GeV, "GeV");
  require_non_negative("muone.alignment.min_electron_GeV", a.min_electron_GeV, "GeV");
}

nlohmann::json misalignment_json(const MisalignmentConfig& m) {
  nlohmann::json widths = module_values_json(m.widths.module);
  widths["target_dz_m"] = m.widths.target[kTargetDz];
  widths["target_tilt_rad"] = m.widths.target[kTargetTiltX];
  nlohmann::json modules = nlohmann::json::array();
  for (const ModuleMisalignment& mm : m.modules) {
    nlohmann::json e = module_values_json(mm.values.module);
    e["name"] = mm.name;
    modules.push_back(e);
  }
  return {{"seed", m.seed}, {"widths", widths}, {"modules", modules}, {"target", target_values_json(m.target)},
          {"beam_muons_per_event", m.beam_muons_per_event}};
}

nlohmann::json alignment_fit_json(const AlignmentFitConfig& a) {
  nlohmann::json prior = nlohmann::json::object();
  for (int p = 0; p < 6; ++p) prior[kModuleParameterKeys[p]] = a.prior.module[p];
  prior["target_dz_m"] = a.prior.target[kTargetDz];
  prior["target_tilt_rad"] = a.prior.target[kTargetTiltX];
  return {{"iterations", a.iterations}, {"prior", prior}, {"min_electron_GeV", a.min_electron_GeV}};
}

StationAlignment<double> true_alignment(const MisalignmentConfig& m, const StationConfig& station) {
  StationAlignment<double> a{};
  if (!m.present) return a;
  // Draws: Philox keyed by the section's seed, stream `task`, event = module index (the
  // target: the number of modules); 7 (3) normals in parameter order.
  const std::size_t n = station.modules.size();
  for (std::size_t i = 0; i < n; ++i) {
    EventRandom rng(m.seed, 0, RandomStream::task, i);
    for (int p = 0; p < 7; ++p) {
      double v = m.widths.module[p] * rng.normal<double>();
      for (const ModuleMisalignment& mm : m.modules)
        if (mm.name == station.modules[i].name) v += mm.values.module[p];
      module_parameter_ref(a.module[i], p) = v;
    }
  }
  EventRandom rng(m.seed, 0, RandomStream::task, n);
  a.target.dz = m.widths.target[kTargetDz] * rng.normal<double>() + m.target[kTargetDz];
  a.target.tilt_x = m.widths.target[kTargetTiltX] * rng.normal<double>() + m.target[kTargetTiltX];
  a.target.tilt_y = m.widths.target[kTargetTiltY] * rng.normal<double>() + m.target[kTargetTiltY];
  return a;
}

}  // namespace detgrad::muone
