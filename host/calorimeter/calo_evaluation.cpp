#include "calorimeter/calo_evaluation.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "backend/ranks.hpp"
#include "calorimeter/particle_separation.hpp"
#include "calorimeter/relative_spread.hpp"

namespace detgrad::calorimeter {
namespace {

constexpr double kDegree_rad = 3.14159265358979323846 / 180.0;

ParticleType particle_type(const std::string& name) {
  if (name == "positron") return ParticleType::positron;
  if (name == "photon") return ParticleType::photon;
  if (name == "muon") return ParticleType::muon;
  return ParticleType::electron;
}

// Solves the weighted least squares for the squares of the terms in `use` (a, b, c).
bool solve(const std::vector<EnergyPoint>& points, const bool use[3], double out[3], double& chi2) {
  int idx[3], n = 0;
  for (int k = 0; k < 3; ++k)
    if (use[k]) idx[n++] = k;
  double m[3][4] = {};
  for (const EnergyPoint& p : points) {
    const double y = p.resolution * p.resolution;
    const double sy = 2.0 * p.resolution * p.resolution_error;
    const double w = sy > 0 ? 1.0 / (sy * sy) : 1.0;
    const double f[3] = {1.0 / p.energy_GeV, 1.0, 1.0 / (p.energy_GeV * p.energy_GeV)};
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) m[i][j] += w * f[idx[i]] * f[idx[j]];
      m[i][3] += w * f[idx[i]] * y;
    }
  }
  for (int i = 0; i < n; ++i) {  // Gauss-Jordan
    if (std::fabs(m[i][i]) < 1e-300) return false;
    for (int r = 0; r < n; ++r) {
      if (r == i) continue;
      const double q = m[r][i] / m[i][i];
      for (int c = i; c < 4; ++c) m[r][c] -= q * m[i][c];
    }
  }
  out[0] = out[1] = out[2] = 0.0;
  for (int i = 0; i < n; ++i) out[idx[i]] = m[i][3] / m[i][i];
  chi2 = 0.0;
  for (const EnergyPoint& p : points) {
    const double y = p.resolution * p.resolution;
    const double sy = 2.0 * p.resolution * p.resolution_error;
    const double model = out[0] / p.energy_GeV + out[1] + out[2] / (p.energy_GeV * p.energy_GeV);
    chi2 += sy > 0 ? (y - model) * (y - model) / (sy * sy) : 0.0;
  }
  return true;
}

ShowerTallies run_pass(const ShowerSetup& setup, const BeamSource<double>& beam, const ShowerRunOptions& o,
                       Backend backend) {
  return backend == Backend::cuda ? run_showers_cuda(setup, beam, o) : run_showers_cpu(setup, beam, o);
}

}  // namespace

void evaluate_spectrum(const CaloStudyConfig& study, const ShowerSetup& setup, std::uint64_t showers,
                       std::vector<ShowerTallies>* rows, Backend backend, CaloEvaluation& e) {
  const SpectrumConfig& sp = study.source.spectrum;
  ShowerRunOptions o;
  o.showers = showers * std::uint64_t(sp.bins);
  o.seed = study.common.seed;
  o.precision = ShowerPrecision::single_precision;
  o.cell_size_m = study.cell_size_m;
  o.cell_sections = study.cell_sections;
  const BeamSource<double> beam = spectrum_beam(study);
  ShowerTallies t = run_pass(setup, beam, o, backend);
  e.steps += t.steps;
  const std::vector<double> energy = primary_energies(beam, o.seed, o.step, o.first, o.showers);
  struct Bin {
    std::uint64_t n = 0;
    double e = 0, v = 0, esc = 0;
    std::vector<double> fractions;  // each shower's visible energy / its energy
    std::vector<double> profile;
    std::vector<std::uint64_t> showers;  // its showers' indices in the pass
  };
  std::vector<Bin> bins(sp.bins);
  const double log_range = std::log(sp.max_GeV / sp.min_GeV);
  for (std::uint64_t i = 0; i < o.showers; ++i) {
    int k = int(std::floor(std::log(energy[i] / sp.min_GeV) / log_range * sp.bins));
    k = k < 0 ? 0 : k >= sp.bins ? sp.bins - 1 : k;
    Bin& b = bins[k];
    const double v = t.visible(setup, i);
    b.n += 1;
    b.e += energy[i];
    b.fractions.push_back(v / energy[i]);
    b.showers.push_back(i);
    b.v += v;
    b.esc += t.escaped[i];
    const std::vector<double> r = t.readout(setup, i);
    b.profile.resize(r.size(), 0.0);
    for (std::size_t l = 0; l < r.size(); ++l) b.profile[l] += r[l];
  }
  for (const Bin& b : bins) {
    if (b.n < 2) continue;  // too few showers in this bin for a resolution
    const double n = double(b.n);
    EnergyPoint p;
    p.energy_GeV = b.e / n;
    p.showers = b.n;
    p.mean_visible_GeV = b.v / n;
    // Of the visible fraction v / E: the spread of E within the bin drops out.
    const RelativeSpread spread = relative_spread(b.fractions);
    p.resolution = spread.resolution;
    p.rms_visible_GeV = p.resolution * p.mean_visible_GeV;
    p.resolution_error = spread.error;
    p.kurtosis = spread.kurtosis;
    p.mean_escaped_GeV = b.esc / n;
    p.profile_GeV = b.profile;
    for (double& x : p.profile_GeV) x /= n;
    if (t.cells > 0) {
      p.has_cells = true;
      p.cells = summarise_cells(t, e.grid, beam, o.seed, o.step, o.first, &b.showers);
    }
    e.points.push_back(p);
  }
  if (e.points.empty()) throw std::runtime_error("no spectrum bin holds two showers: raise the shower count");
  if (rows) rows->push_back(std::move(t));
}

BeamSource<double> beam_at(const CaloStudyConfig& s, double energy_GeV) {
  return BeamSource<double>{particle_type(s.source.particle), energy_GeV, s.source.angle_deg * kDegree_rad,
                            s.source.spot_m};
}

BeamSource<double> spectrum_beam(const CaloStudyConfig& s) {
  const SpectrumConfig& sp = s.source.spectrum;
  BeamSource<double> b = beam_at(s, sp.min_GeV);
  b.spectrum = sp.shape == "uniform" ? SpectrumShape::uniform : SpectrumShape::power_law;
  b.max_GeV = sp.max_GeV;
  b.index = sp.index;
  return b;
}

std::vector<double> primary_energies(const BeamSource<double>& beam, std::uint64_t seed, std::uint32_t step,
                                     std::uint64_t first, std::uint64_t showers) {
  const BeamSource<float> b = convert_beam<float>(beam);  // as the float pass drew them
  std::vector<double> e(showers);
  for (std::uint64_t i = 0; i < showers; ++i) e[i] = double(make_primary(b, seed, step, first + i).energy);
  return e;
}

ResolutionFit fit_resolution(const std::vector<EnergyPoint>& points) {
  bool use[3] = {true, points.size() >= 2, points.size() >= 3};
  double sq[3] = {};
  double chi2 = 0.0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!solve(points, use, sq, chi2)) break;
    bool negative = false;
    for (int k = 0; k < 3; ++k)
      if (use[k] && sq[k] < 0) {
        use[k] = false;
        negative = true;
      }
    if (!negative) break;
    if (!(use[0] || use[1] || use[2])) break;
  }
  ResolutionFit f;
  f.a = std::sqrt(std::fmax(sq[0], 0.0));
  f.b = std::sqrt(std::fmax(sq[1], 0.0));
  f.c = std::sqrt(std::fmax(sq[2], 0.0));
  f.chi2 = chi2;
  f.ndf = int(points.size()) - int(use[0]) - int(use[1]) - int(use[2]);
  return f;
}

CaloEvaluation evaluate_calorimeter(const CaloStudyConfig& study, const ShowerSetup& setup, std::uint64_t showers,
                                    std::vector<ShowerTallies>* rows, Backend backend) {
  CaloEvaluation e;
  const std::vector<double> depths = slab_depths_X0(setup);
  for (int s = 0; s < setup.slab_count(); ++s)
    if (setup.slabs()[s].readout >= 0) e.layer_depth_X0.push_back(depths[s]);
  ShowerRunOptions o;
  o.showers = showers;
  o.seed = study.common.seed;
  o.precision = ShowerPrecision::single_precision;
  o.cell_size_m = study.cell_size_m;
  o.cell_sections = study.cell_sections;
  if (study.cell_size_m > 0) e.grid = cell_grid(study.cell_size_m, study.half_width_m);
  e.cell_sections = study.cell_sections;
  double sum_r2 = 0.0, sum_r2_err2 = 0.0;
  if (!study.source.spectrum.shape.empty()) {
    evaluate_spectrum(study, setup, showers, rows, backend, e);
    for (const EnergyPoint& p : e.points) {
      sum_r2 += p.resolution * p.resolution;
      sum_r2_err2 += std::pow(2.0 * p.resolution * p.resolution_error, 2);
    }
  }
  for (std::size_t k = 0; study.source.spectrum.shape.empty() && k < study.source.energies_GeV.size(); ++k) {
    const double energy = study.source.energies_GeV[k];
    o.first = std::uint64_t(k) * showers;
    ShowerTallies t = backend == Backend::cuda ? run_showers_cuda(setup, beam_at(study, energy), o)
                                               : run_showers_cpu(setup, beam_at(study, energy), o);
    EnergyPoint p;
    p.energy_GeV = energy;
    p.showers = showers;
    p.profile_GeV.assign(setup.readout_count(), 0.0);
    std::vector<double> visible(showers);
    double esc = 0;
    for (std::uint64_t i = 0; i < showers; ++i) {
      visible[i] = t.visible(setup, i);
      esc += t.escaped[i];
      const std::vector<double> r = t.readout(setup, i);
      for (std::size_t l = 0; l < r.size(); ++l) p.profile_GeV[l] += r[l] / double(showers);
    }
    const RelativeSpread spread = relative_spread(visible);
    p.mean_visible_GeV = spread.mean;
    p.rms_visible_GeV = spread.rms;
    p.resolution = spread.resolution;
    p.resolution_error = spread.error;
    p.kurtosis = spread.kurtosis;
    p.mean_escaped_GeV = esc / showers;
    if (!t.visible_time.empty()) {
      const RelativeSpread time = relative_spread(t.visible_time);
      p.has_time = true;
      p.mean_time_ns = time.mean;
      p.time_rms_ns = time.rms;
      p.time_rms_error_ns = time.error * time.mean;  // relative_spread's error is of rms / mean
    }
    if (t.cells > 0) {
      p.has_cells = true;
      p.cells = summarise_cells(t, e.grid, beam_at(study, energy), o.seed, o.step, o.first);
    }
    sum_r2 += p.resolution * p.resolution;
    sum_r2_err2 += std::pow(2.0 * p.resolution * p.resolution_error, 2);
    e.steps += t.steps;
    e.points.push_back(p);
    if (rows) rows->push_back(std::move(t));
  }
  const double n = double(e.points.size());
  e.figure = std::sqrt(sum_r2 / n);
  e.figure_error = std::sqrt(sum_r2_err2) / n / (2.0 * e.figure);
  e.fit = fit_resolution(e.points);
  // The time resolution against energy, the same form: the time rms in place of sigma/E.
  std::vector<EnergyPoint> times;
  for (const EnergyPoint& p : e.points)
    if (p.has_time && p.time_rms_error_ns > 0.0) {
      EnergyPoint q = p;
      q.resolution = p.time_rms_ns;
      q.resolution_error = p.time_rms_error_ns;
      times.push_back(q);
    }
  if (times.size() == e.points.size() && !times.empty()) {
    e.has_time = true;
    e.time_fit = fit_resolution(times);
  }
  return e;
}

nlohmann::json evaluation_json(const CaloEvaluation& e) {
  nlohmann::json points = nlohmann::json::array();
  for (const EnergyPoint& p : e.points)
    points.push_back({{"energy_GeV", p.energy_GeV},
                      {"showers", p.showers},
                      {"mean_visible_GeV", p.mean_visible_GeV},
                      {"rms_visible_GeV", p.rms_visible_GeV},
                      {"relative_resolution", p.resolution},
                      {"relative_resolution_error", p.resolution_error},
                      {"kurtosis", p.kurtosis},
                      {"mean_escaped_GeV", p.mean_escaped_GeV},
                      {"profile_GeV", p.profile_GeV}});
  for (std::size_t k = 0; k < e.points.size(); ++k)
    if (e.points[k].has_time) {
      points[k]["mean_time_ns"] = e.points[k].mean_time_ns;
      points[k]["time_rms_ns"] = e.points[k].time_rms_ns;
      points[k]["time_rms_error_ns"] = e.points[k].time_rms_error_ns;
    }
  for (std::size_t k = 0; k < e.points.size(); ++k)
    if (e.points[k].has_cells) {
      const CellSummary& c = e.points[k].cells;
      points[k]["cells"] = {{"hottest_cell_fraction", c.hottest_fraction},
                            {"cluster_3x3_fraction", c.cluster_fraction},
                            {"position_resolution_m", c.position_resolution_m},
                            {"position_bias_m", c.position_bias_m},
                            {"section_fraction", c.section_fraction},
                            {"section_position_resolution_m", c.section_position_resolution_m}};
    }
  nlohmann::json out = {{"energies", points},
          {"layer_depth_X0", e.layer_depth_X0},
          {"fit", {{"stochastic", e.fit.a}, {"constant", e.fit.b}, {"noise_GeV", e.fit.c}, {"chi2", e.fit.chi2},
                   {"ndf", e.fit.ndf}}},
          {"rms_relative_resolution", e.figure},
          {"rms_relative_resolution_error", e.figure_error},
          {"transport_steps", e.steps}};
  if (e.has_time)
    out["time_fit"] = {{"stochastic_ns_sqrtGeV", e.time_fit.a}, {"constant_ns", e.time_fit.b},
                       {"noise_ns_GeV", e.time_fit.c}, {"chi2", e.time_fit.chi2}, {"ndf", e.time_fit.ndf}};
  if (e.grid.per_side > 0)
    out["cell_grid"] = {{"size_m", e.grid.size_m}, {"per_side", e.grid.per_side}, {"sections", e.cell_sections}};
  return out;
}

void write_resolution_csv(const CaloEvaluation& e, const std::filesystem::path& file) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "energy_GeV,showers,mean_visible_GeV,rms_visible_GeV,relative_resolution,relative_resolution_error,"
         "mean_escaped_GeV,kurtosis\n";
  out.precision(9);
  for (const EnergyPoint& p : e.points)
    out << p.energy_GeV << ',' << p.showers << ',' << p.mean_visible_GeV << ',' << p.rms_visible_GeV << ','
        << p.resolution << ',' << p.resolution_error << ',' << p.mean_escaped_GeV << ',' << p.kurtosis << '\n';
}

void write_profile_csv(const CaloEvaluation& e, const std::filesystem::path& file) {
  if (!ranks::is_root()) return;
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "energy_GeV,layer,layer_depth_X0,mean_deposit_GeV\n";
  out.precision(9);
  for (const EnergyPoint& p : e.points)
    for (std::size_t l = 0; l < p.profile_GeV.size(); ++l)
      out << p.energy_GeV << ',' << l << ',' << e.layer_depth_X0[l] << ',' << p.profile_GeV[l] << '\n';
}

void write_cells_csv(const CaloEvaluation& e, const std::filesystem::path& file) {
  if (!ranks::is_root() || e.grid.per_side == 0) return;
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "energy_GeV,section,cell,ix,iy,x_m,y_m,mean_visible_GeV\n";
  out.precision(9);
  const int n = e.grid.count();
  for (const EnergyPoint& p : e.points)
    for (std::size_t k = 0; k < p.cells.mean_map_GeV.size(); ++k) {
      const int c = int(k % std::size_t(n)), ix = c % e.grid.per_side, iy = c / e.grid.per_side;
      out << p.energy_GeV << ',' << k / std::size_t(n) << ',' << c << ',' << ix << ',' << iy << ',' << e.grid.centre(ix)
          << ',' << e.grid.centre(iy) << ',' << p.cells.mean_map_GeV[k] << '\n';
    }
}

}  // namespace detgrad::calorimeter
