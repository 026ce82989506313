#include "muone/muone_align.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "backend/ranks.hpp"
#include "detgrad/core/error.hpp"
#include "muone/alignment_data.hpp"
#include "muone/alignment_q2_bias.hpp"
#include "muone/alignment_solver.hpp"
#include "muone/muone_json.hpp"
#include "muone/muone_study_json.hpp"
#include "study/json_file.hpp"

namespace detgrad::muone {

namespace {

// Elastic events of the q2 bias's alignment uncertainty: the bins' response to each fitted
// parameter is measured on the first 2e4, one reconstruction of them per parameter (on a 1e5
// sample the uncertainty agrees with the response of all 1e5 to 0.1 % in the lowest bin and
// 8 % in the highest; docs/muone.md).
constexpr std::size_t kQ2ResponseElastic = 20000;

void check_same_station(const MuoneStudyConfig& study, const std::filesystem::path& run_study) {
  if (!std::filesystem::exists(run_study))
    throw StudyError(run_study.string(), "no study.json: not a run directory written by detgrad simulate");
  const nlohmann::json json = study_detail::read_json_file(run_study.string(), "run directory's study");
  MuoneStudyConfig recorded;
  try {
    recorded = read_muone_study(json);
  } catch (const StudyError& e) {
    throw StudyError(run_study.string(), std::string("data of another study: ") + e.what());
  }
  const nlohmann::json mine = station_json(study.station), theirs = station_json(recorded.station);
  for (auto it = mine.begin(); it != mine.end(); ++it)
    if (theirs.value(it.key(), nlohmann::json()) != it.value())
      throw StudyError(run_study.string(), "data of another study: its station differs in muone." + it.key() +
                                               " from the study being aligned");
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  if (!ranks::is_root()) return;
  std::ofstream out(file);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string residuals_csv(const AlignmentResult& r, const StationConfig& station) {
  std::string out = "module,stage,rows,mean_residual_m,rms_residual_m,mean_pull,rms_pull\n";
  char line[256];
  for (int stage = 0; stage < 2; ++stage) {
    const std::vector<ModuleResiduals>& v = stage == 0 ? r.residuals_before : r.residuals_after;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const ModuleResiduals& s = v[i];
      const double n = s.rows > 0 ? s.rows : 1;
      const double mean = s.sum / n, pull_mean = s.pull_sum / n;
      std::snprintf(line, sizeof line, "%s,%s,%.0f,%.6g,%.6g,%.5g,%.5g\n",
                    i < station.modules.size() ? station.modules[i].name.c_str() : "target_depth",
                    stage == 0 ? "nominal" : "aligned", s.rows, mean, std::sqrt(std::max(0.0, s.sum2 / n - mean * mean)),
                    pull_mean, std::sqrt(s.pull_sum2 / n));
      out += line;
    }
  }
  return out;
}

std::string pull_histograms_csv(const AlignmentResult& r, const StationConfig& station) {
  std::string out = "module,stage,pull_low,pull_high,rows\n";
  char line[256];
  for (int stage = 0; stage < 2; ++stage) {
    const std::vector<ModuleResiduals>& v = stage == 0 ? r.residuals_before : r.residuals_after;
    for (std::size_t i = 0; i < v.size(); ++i)
      for (int k = 0; k < kPullBins; ++k) {
        const double low = -kPullRange + 2.0 * kPullRange * k / kPullBins;
        std::snprintf(line, sizeof line, "%s,%s,%.4g,%.4g,%.0f\n",
                      i < station.modules.size() ? station.modules[i].name.c_str() : "target_depth",
                      stage == 0 ? "nominal" : "aligned", low, low + 2.0 * kPullRange / kPullBins, v[i].pull_histogram[k]);
        out += line;
      }
  }
  return out;
}

// A check beside the fit (which never reads it): the simulation's truth, taken into the
// fit's gauge, against the fitted values.
std::string truth_comparison_csv(const MuoneStudyConfig& study, const AlignmentResult& r,
                                 const std::filesystem::path& truth_file, StationAlignment<double>& truth) {
  const nlohmann::json t = study_detail::read_json_file(truth_file.string(), "alignment truth");
  const StationConfig& station = study.station;
  try {
    for (std::size_t i = 0; i < station.modules.size(); ++i) {
      const nlohmann::json& m = t.at("modules").at(i);
      if (m.at("name").get<std::string>() != station.modules[i].name) return "";
      for (int p = 0; p < 7; ++p) module_parameter_ref(truth.module[i], p) = m.at(kModuleParameterKeys[p]).get<double>();
    }
    truth.target.dz = t.at("target").at("dz_m").get<double>();
    truth.target.tilt_x = t.at("target").at("tilt_x_rad").get<double>();
    truth.target.tilt_y = t.at("target").at("tilt_y_rad").get<double>();
  } catch (const nlohmann::json::exception&) {
    throw StudyError(truth_file.string(), "not an alignment truth written by simulate");
  }
  const std::vector<double> projected = project_out_gauge(flatten_alignment(truth, station), station);
  const std::size_t n = r.values.size();
  std::string out = "parameter,truth,truth_in_fit_gauge,fitted,uncertainty,pull\n";
  char line[256];
  const std::vector<double> raw = flatten_alignment(truth, station);
  for (std::size_t i = 0; i < n; ++i) {
    const double sigma = std::sqrt(std::max(0.0, r.covariance[i * n + i]));
    std::snprintf(line, sizeof line, "%s,%.6g,%.6g,%.6g,%.4g,%.4f\n", r.names[i].c_str(), raw[i], projected[i], r.values[i],
                  sigma, (r.values[i] - projected[i]) / sigma);
    out += line;
  }
  return out;
}

// The study with the fitted geometry as an explicit misalignment (no draws).
nlohmann::json aligned_study_json(const MuoneStudyConfig& study, const AlignmentResult& r) {
  MuoneStudyConfig aligned = study;
  MisalignmentConfig m;
  m.present = true;
  m.seed = study.misalignment.seed;
  m.beam_muons_per_event = study.misalignment.present ? study.misalignment.beam_muons_per_event : 1.0;
  for (std::size_t i = 0; i < study.station.modules.size(); ++i) {
    ModuleMisalignment mm;
    mm.name = study.station.modules[i].name;
    for (int p = 0; p < kFittedModuleParameters; ++p) mm.values.module[p] = module_parameter(r.alignment.module[i], p);
    m.modules.push_back(mm);
  }
  m.target[kTargetDz] = r.alignment.target.dz;
  m.target[kTargetTiltX] = r.alignment.target.tilt_x;
  m.target[kTargetTiltY] = r.alignment.target.tilt_y;
  aligned.misalignment = m;
  aligned.common.name = study.common.name + "_aligned";
  return muone_study_json(aligned);
}

}  // namespace

nlohmann::json align_muone(const MuoneStudyConfig& study, const std::filesystem::path& data_dir,
                           const std::filesystem::path& out_dir, Backend backend) {
  if (!std::filesystem::is_directory(data_dir)) throw StudyError(data_dir.string(), "no such run directory");
  const std::filesystem::path hits = data_dir / "hits.csv";
  if (!std::filesystem::exists(hits))
    throw StudyError(hits.string(), "no hits file (simulate writes hits.csv for a study with muone.misalignment)");
  check_same_station(study, data_dir / "study.json");
  const AlignmentData data = read_alignment_hits(hits);
  std::vector<std::string> names;
  for (const ModuleConfig& m : study.station.modules) names.push_back(m.name);
  if (data.module_names != names)
    throw StudyError(hits.string() + ", line 1", "its modules are not the study's modules, in the study's order");

  const AlignmentResult r = fit_alignment(study, data.events, backend);

  // Everything is checked: only now is anything written.
  if (ranks::is_root()) std::filesystem::create_directories(out_dir);
  const std::size_t n = r.values.size();
  std::string params = "parameter,value,uncertainty,uncertainty_data_only\n";
  char line[256];
  for (std::size_t i = 0; i < n; ++i) {
    const double data_only = r.covariance_data_only.empty() ? std::nan("") : std::sqrt(std::max(0.0, r.covariance_data_only[i * n + i]));
    std::snprintf(line, sizeof line, "%s,%.9g,%.6g,%.6g\n", r.names[i].c_str(), r.values[i],
                  std::sqrt(std::max(0.0, r.covariance[i * n + i])), data_only);
    params += line;
  }
  write_text(out_dir / "alignment_parameters.csv", params);
  nlohmann::json cov = {{"parameters", r.names}, {"values", r.values}};
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < n; ++i)
    rows.push_back(std::vector<double>(r.covariance.begin() + std::ptrdiff_t(i * n), r.covariance.begin() + std::ptrdiff_t((i + 1) * n)));
  cov["covariance"] = rows;
  write_text(out_dir / "alignment_covariance.json", cov.dump() + "\n");
  write_text(out_dir / "alignment_residuals.csv", residuals_csv(r, study.station));
  write_text(out_dir / "alignment_pull_histograms.csv", pull_histograms_csv(r, study.station));
  std::string its = "iteration,events_used,chi2,ndf,chi2_per_ndf,largest_step_m,largest_step_rad,pass_seconds,events_per_second\n";
  for (std::size_t i = 0; i < r.iterations.size(); ++i) {
    const AlignmentIteration& it = r.iterations[i];
    std::snprintf(line, sizeof line, "%zu,%llu,%.9g,%llu,%.6g,%.4g,%.4g,%.4g,%.4g\n", i, (unsigned long long)it.events_used,
                  it.chi2, (unsigned long long)it.ndf, it.chi2 / double(it.ndf > 0 ? it.ndf : 1), it.largest_step_m,
                  it.largest_step_rad, it.pass_seconds, double(data.events.size()) / it.pass_seconds);
    its += line;
  }
  write_text(out_dir / "alignment_iterations.csv", its);
  write_text(out_dir / "aligned_study.json", aligned_study_json(study, r).dump(2) + "\n");
  // The checks against the simulation's truth: rank 0 alone (it alone writes them; they use no
  // collective).
  const std::filesystem::path truth_file = data_dir / "alignment_truth.json";
  if (ranks::is_root() && std::filesystem::exists(truth_file)) {
    StationAlignment<double> truth{};
    write_text(out_dir / "alignment_truth_comparison.csv", truth_comparison_csv(study, r, truth_file, truth));
    if (!data.true_electron_momentum.empty()) {
      const std::vector<double> t = q2_relative_errors(study, data, truth);
      const std::vector<double> nominal = q2_relative_errors(study, data, StationAlignment<double>{});
      const std::vector<double> aligned = q2_relative_errors(study, data, r.alignment);
      // The truth moved into the fit's gauge: what the choice of gauge alone does to q2.
      StationAlignment<double> gauge = unflatten_alignment(
          project_out_gauge(flatten_alignment(truth, study.station), study.station), study.station);
      for (std::size_t m = 0; m < study.station.modules.size(); ++m) gauge.module[m].dv = truth.module[m].dv;
      const std::vector<double> truth_gauge = q2_relative_errors(study, data, gauge);
      // The aligned modules with the target's true position and tilts (in the fit's gauge):
      // what the fitted target alone does to q2 (the vertex's z sets every electron angle's
      // lever arm).
      StationAlignment<double> true_target = r.alignment;
      true_target.target = gauge.target;
      const std::vector<double> aligned_true_target = q2_relative_errors(study, data, true_target);
      write_text(out_dir / "q2_bias.csv",
                 q2_bias_csv({"nominal", "aligned", "true_in_fit_gauge", "aligned_with_true_target"},
                             {q2_bias_table(study, data, nominal, t), q2_bias_table(study, data, aligned, t),
                              q2_bias_table(study, data, truth_gauge, t),
                              q2_bias_table(study, data, aligned_true_target, t)},
                             q2_bias_alignment_uncertainty(study, data, r.values, r.covariance, kQ2ResponseElastic)));
    }
  }
  write_text(out_dir / "study.json", muone_study_json(study).dump(2) + "\n");

  const AlignmentIteration& first = r.iterations.front();
  const AlignmentIteration& last = r.iterations.back();
  return {{"events_read", data.events.size()},
          {"events_used", last.events_used},
          {"parameters", n},
          {"iterations", r.iterations.size() - 1},
          {"chi2_per_ndf_nominal", first.chi2 / double(first.ndf)},
          {"chi2_per_ndf_aligned", last.chi2 / double(last.ndf)}};
}

}  // namespace detgrad::muone
