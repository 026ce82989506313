#include "muone/alignment_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "backend/ranks.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::muone {

namespace {

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t(4) << 30;
constexpr std::uint64_t kMaxLines = std::uint64_t(1) << 31;
constexpr std::size_t kMaxLineChars = 1 << 16;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

namespace {

struct SimulatedSample {
  AlignmentSample sample;
  std::vector<AlignmentHits<double>> hits;
  int n_modules = 0, n_upstream = 0;
};

SimulatedSample simulate_sample(const MuoneStudyConfig& study, std::uint64_t elastic) {
  const StationConfig& station = study.station;
  const StationFixed fixed = build_fixed(station, study.common.seed);
  const StationDesign<double> design = build_design<double>(station);
  const StationAlignment<double> truth = true_alignment(study.misalignment, station);
  SimulatedSample out;
  out.n_modules = fixed.n_modules;
  out.n_upstream = fixed.n_upstream;
  AlignmentSample& sample = out.sample;
  sample.elastic_events = elastic;
  sample.beam_muons = std::uint64_t(study.misalignment.beam_muons_per_event * double(elastic) + 0.5);
  const std::uint64_t total = sample.elastic_events + sample.beam_muons;
  out.hits.resize(total);
#pragma omp parallel for schedule(dynamic, 256)
  for (std::int64_t i = 0; i < std::int64_t(total); ++i) {
    const std::uint64_t e = std::uint64_t(i);
    const bool is_elastic = e < sample.elastic_events;
    simulate_alignment_event(fixed, design, truth, is_elastic ? AlignmentEventKind::elastic : AlignmentEventKind::beam_muon,
                             is_elastic ? e : e - sample.elastic_events, out.hits[e]);
  }
  return out;
}

}  // namespace

std::vector<RecordedEvent> simulate_alignment_records(const MuoneStudyConfig& study, std::uint64_t elastic) {
  const SimulatedSample s = simulate_sample(study, elastic);
  std::vector<RecordedEvent> records(s.hits.size());
  for (std::size_t e = 0; e < s.hits.size(); ++e) {
    RecordedEvent& r = records[e];
    const bool is_elastic = e < s.sample.elastic_events;
    r.kind = is_elastic ? AlignmentEventKind::elastic : AlignmentEventKind::beam_muon;
    for (int m = 0; m < s.n_modules; ++m) {
      if (s.hits[e].muon_present[m]) {
        r.muon_u[m] = s.hits[e].muon_u[m];
        r.muon_present |= 1u << m;
      }
      if (is_elastic && m >= s.n_upstream && s.hits[e].electron_present[m]) {
        r.electron_u[m] = s.hits[e].electron_u[m];
        r.electron_present |= 1u << m;
      }
    }
  }
  return records;
}

AlignmentSample write_alignment_hits(const MuoneStudyConfig& study, std::uint64_t elastic,
                                     const std::filesystem::path& file) {
  const StationConfig& station = study.station;
  const SimulatedSample simulated = simulate_sample(study, elastic);
  const AlignmentSample& sample = simulated.sample;
  const std::vector<AlignmentHits<double>>& hits = simulated.hits;
  const std::uint64_t total = hits.size();
  struct { int n_modules, n_upstream; } fixed{simulated.n_modules, simulated.n_upstream};
  if (!ranks::is_root()) return sample;
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "event,kind";
  for (const ModuleConfig& m : station.modules) out << ",m_" << m.name;
  for (int m = fixed.n_upstream; m < fixed.n_modules; ++m) out << ",e_" << station.modules[std::size_t(m)].name;
  out << ",true_vertex_x_m,true_vertex_y_m,true_vertex_z_m,true_electron_momentum_GeV\n";
  char cell[128];
  for (std::uint64_t e = 0; e < total; ++e) {
    const AlignmentHits<double>& h = hits[e];
    const bool is_elastic = e < sample.elastic_events;
    out << (is_elastic ? e : e - sample.elastic_events) << (is_elastic ? ",elastic" : ",beam_muon");
    for (int m = 0; m < fixed.n_modules; ++m) {
      out << ',';
      if (h.muon_present[m]) {
        std::snprintf(cell, sizeof cell, "%.10g", h.muon_u[m]);
        out << cell;
      }
    }
    for (int m = fixed.n_upstream; m < fixed.n_modules; ++m) {
      out << ',';
      if (is_elastic && h.electron_present[m]) {
        std::snprintf(cell, sizeof cell, "%.10g", h.electron_u[m]);
        out << cell;
      }
    }
    if (is_elastic) {
      std::snprintf(cell, sizeof cell, ",%.10g,%.10g,%.10g,%.10g\n", h.vertex_x, h.vertex_y, h.vertex_z,
                    h.electron_momentum);
      out << cell;
    } else {
      out << ",,,,\n";
    }
  }
  return sample;
}

AlignmentData read_alignment_hits(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  const std::uintmax_t bytes = std::filesystem::file_size(file, ec);
  if (ec) throw StudyError(name, "no hits file (simulate writes hits.csv for a study with muone.misalignment)");
  if (bytes > kMaxFileBytes) throw StudyError(name, "larger than 4 GiB");
  std::ifstream in(file);
  if (!in) throw StudyError(name, "cannot be read");
  std::string line;
  if (!std::getline(in, line)) throw StudyError(name, "empty");
  const std::vector<std::string> header = split(line);
  AlignmentData d;
  std::vector<int> muon_column, electron_column;
  std::size_t first_truth = header.size();
  std::size_t truth_momentum = header.size();
  if (header.size() < 2 || header[0] != "event" || header[1] != "kind")
    throw StudyError(name + ", line 1", "expected the columns event,kind,m_<module>...");
  for (std::size_t c = 2; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (h.rfind("m_", 0) == 0) {
      if (d.module_names.size() >= std::size_t(kMaxModules)) throw StudyError(name + ", line 1", "more than 16 modules");
      d.module_names.push_back(h.substr(2));
    } else if (h.rfind("e_", 0) == 0) {
      electron_column.push_back(int(c));
    } else if (h.rfind("true_", 0) == 0) {
      first_truth = std::min(first_truth, c);
      if (h == "true_electron_momentum_GeV") truth_momentum = c;
    } else {
      throw StudyError(name + ", line 1", "unknown column \"" + h + "\"");
    }
  }
  const std::size_t n = d.module_names.size();
  const std::size_t n_down = electron_column.size();
  for (std::size_t j = 0; j < n_down; ++j)
    if (n_down > n || header[std::size_t(electron_column[j])] != "e_" + d.module_names[n - n_down + j])
      throw StudyError(name + ", line 1", "the electron columns are not e_<module> of the last modules, in order");
  std::uint64_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string where = name + ", line " + std::to_string(line_number);
    if (line_number > kMaxLines) throw StudyError(name, "more than 2^31 lines");
    if (line.size() > kMaxLineChars) throw StudyError(where, "longer than 65536 characters");
    const std::vector<std::string> cells = split(line);
    if (cells.size() != header.size())
      throw StudyError(where, "" + std::to_string(cells.size()) + " columns, expected " + std::to_string(header.size()));
    AlignmentRecord r;
    if (cells[1] == "elastic") r.kind = AlignmentEventKind::elastic;
    else if (cells[1] == "beam_muon") r.kind = AlignmentEventKind::beam_muon;
    else throw StudyError(where, "kind \"" + cells[1] + "\" is not elastic or beam_muon");
    const auto number = [&](const std::string& text) {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || std::fabs(v) > 10.0)
        throw StudyError(where, "\"" + text + "\" is not a coordinate in metres");
      return v;
    };
    for (std::size_t m = 0; m < n; ++m)
      if (!cells[2 + m].empty()) {
        r.muon_u[m] = number(cells[2 + m]);
        r.muon_present |= 1u << m;
      }
    for (std::size_t j = 0; j < n_down; ++j) {
      const std::size_t m = n - n_down + j;
      const std::string& text = cells[std::size_t(electron_column[j])];
      if (!text.empty()) {
        r.electron_u[m] = number(text);
        r.electron_present |= 1u << m;
      }
    }
    d.events.push_back(r);
    if (truth_momentum < header.size()) {
      const std::string& text = cells[truth_momentum];
      d.true_electron_momentum.push_back(text.empty() || r.kind != AlignmentEventKind::elastic ? std::nan("")
                                                                                                : std::strtod(text.c_str(), nullptr));
    }
  }
  (void)first_truth;
  return d;
}

}  // namespace detgrad::muone
