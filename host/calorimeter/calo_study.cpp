#include "calorimeter/calo_study.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "backend/ranks.hpp"
#include "calorimeter/calo_design.hpp"
#include "calorimeter/calo_evaluation.hpp"
#include "calorimeter/calo_cost.hpp"
#include "calorimeter/calo_optimization.hpp"
#include "calorimeter/calo_study_json.hpp"
#include "calorimeter/layer_count_scan.hpp"
#include "calorimeter/particle_separation.hpp"
#include "calorimeter/response_model.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad::calorimeter {
namespace {

// The optimisation mode (the response model and its calibration) runs on the CPU only.
void require_cpu(Backend backend) {
  if (backend == Backend::cuda)
    throw BackendError("the calorimeter's response model (optimize, a scan of slab thicknesses) runs on the CPU "
                       "executor only (--backend cpu); simulate, evaluate and a layer-count scan also run on CUDA");
}

// The energy of saved shower i of run k: the run's beam energy, or with a spectrum (one run)
// the shower's own, drawn by the primary.
class SavedShowerEnergy {
 public:
  SavedShowerEnergy(const CaloStudyConfig& study, const std::vector<ShowerTallies>& rows)
      : study_(study), spectrum_(!study.source.spectrum.shape.empty()) {
    if (spectrum_ && !rows.empty())
      drawn_ = primary_energies(spectrum_beam(study), study.common.seed, 0, 0,
                                std::min<std::uint64_t>(study.save_showers, rows[0].showers));
  }
  double operator()(std::size_t k, std::uint64_t i) const {
    return spectrum_ ? drawn_[i] : study_.source.energies_GeV[k];
  }

 private:
  const CaloStudyConfig& study_;
  bool spectrum_;
  std::vector<double> drawn_;
};

void write_showers_csv(const CaloStudyConfig& study, const ShowerSetup& setup, const std::vector<ShowerTallies>& rows,
                       const std::filesystem::path& file) {
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 writes the files
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "energy_GeV,shower,visible_GeV,deposited_GeV,below_cut_GeV,escaped_GeV";
  for (int l = 0; l < setup.readout_count(); ++l) out << ",layer_" << l << "_GeV";
  out << '\n';
  out.precision(9);
  const SavedShowerEnergy energy(study, rows);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const ShowerTallies& t = rows[k];
    for (std::uint64_t i = 0; i < std::min<std::uint64_t>(study.save_showers, t.showers); ++i) {
      out << energy(k, i) << ',' << k * t.showers + i << ','
          << t.visible(setup, i) << ','
          << t.continuous[i] + t.below_cut[i] << ',' << t.below_cut[i] << ',' << t.escaped[i];
      for (double d : t.readout(setup, i)) out << ',' << d;
      out << '\n';
    }
  }
}

// The saved showers' cells: one row per shower, section and cell with energy in it.
void write_shower_cells_csv(const CaloStudyConfig& study, const std::vector<ShowerTallies>& rows,
                            const std::filesystem::path& file) {
  if (!ranks::is_root() || study.cell_size_m <= 0) return;
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << "energy_GeV,shower,section,cell,visible_GeV\n";
  out.precision(9);
  const SavedShowerEnergy energy(study, rows);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const ShowerTallies& t = rows[k];
    for (std::uint64_t i = 0; i < std::min<std::uint64_t>(study.save_showers, t.showers); ++i)
      for (std::uint64_t c = 0; c < t.cell_row(); ++c) {
        const double e = t.cell_deposit[i * t.cell_row() + c];
        if (e > 0)
          out << energy(k, i) << ',' << k * t.showers + i << ',' << c / std::uint64_t(t.cells) << ','
              << c % std::uint64_t(t.cells) << ',' << e << '\n';
      }
  }
}

}  // namespace

nlohmann::json CaloStudy::to_json() const { return calo_study_json(study_); }

void CaloStudy::apply(const tasks::StudyOverrides& o) {
  if (o.events) study_.showers = *o.events;
  if (o.save_events) study_.save_showers = *o.save_events;
  if (o.seed) study_.common.seed = *o.seed;
  if (o.backend) study_.common.backend = *o.backend;
  // optimize without an "optimization" section: a short run whose evaluation of the initial
  // and final layouts uses the study's own shower count (the engine's defaults, 10^5 events per
  // step and 10 steps' worth for the evaluation, are muon counts).
  const auto calorimeter_defaults = [this] {
    OptimizationConfig c;
    c.steps = 20;
    c.events_per_step = study_.showers;
    c.evaluation_events = study_.showers;
    return c;
  };
  if (o.optimization_defaults && !study_.common.optimization) study_.common.optimization = calorimeter_defaults();
  if (o.steps) {
    if (!study_.common.optimization) study_.common.optimization = calorimeter_defaults();
    study_.common.optimization->steps = *o.steps;
  }
  validate_calo_study(study_);
}

std::string CaloStudy::describe() const {
  const StackSpec spec = stack_spec(study_);
  double depth = 0.0;
  int active = 0;
  for (const SlabSpec& s : spec.slabs) {
    depth += s.thickness_m;
    active += s.active ? 1 : 0;
  }
  char line[256];
  const SpectrumConfig& sp = study_.source.spectrum;
  if (sp.shape.empty()) {
    std::snprintf(line, sizeof line, "%llu showers per energy, %zu slabs (%d active), %.4g cm deep, %s at %zu energies",
                  (unsigned long long)study_.showers, spec.slabs.size(), active, depth * 100,
                  study_.source.particle.c_str(), study_.source.energies_GeV.size());
  } else {
    std::snprintf(line, sizeof line,
                  "%llu showers per energy bin, %zu slabs (%d active), %.4g cm deep, %s with a %s spectrum from %.4g "
                  "to %.4g GeV in %d bins",
                  (unsigned long long)study_.showers, spec.slabs.size(), active, depth * 100,
                  study_.source.particle.c_str(), sp.shape.c_str(), sp.min_GeV, sp.max_GeV, sp.bins);
  }
  return line;
}

void CaloStudy::prepare(Backend) const {}

nlohmann::json CaloStudy::simulate(const tasks::RunContext& run) const {
  const ShowerSetup setup(stack_spec(study_), em_cuts(study_), 1e-3 * study_.cuts.range_rejection_MeV);
  std::vector<ShowerTallies> rows;
  const CaloEvaluation e = evaluate_calorimeter(study_, setup, study_.showers, &rows, run.backend);
  write_showers_csv(study_, setup, rows, run.dir / "showers.csv");
  write_resolution_csv(e, run.dir / "resolution.csv");
  write_profile_csv(e, run.dir / "profile.csv");
  write_cells_csv(e, run.dir / "cells.csv");
  write_shower_cells_csv(study_, rows, run.dir / "shower_cells.csv");
  return {{"showers_per_energy", study_.showers}, {"saved_showers", study_.save_showers},
          {"evaluation", evaluation_json(e)}};
}

tasks::EvaluationReport CaloStudy::evaluate(const nlohmann::json& layout, const std::string& layout_name,
                                            std::optional<std::uint64_t> events, Backend backend) const {
  // A layout (layout_final.json, a scan's point) replaces every slab's thickness; a
  // layer-count layout (a scan of calorimeter.design.parameters "layer_count") the whole group.
  const CaloStudyConfig study =
      layout.is_null() ? study_
      : layout.is_object() && layout.contains("layer_count")
          ? with_layer_count(study_, read_layer_count_layout(study_, layout, layout_name))
          : unflatten(study_, read_layout(study_, layout, layout_name));
  const ShowerSetup setup(stack_spec(study), em_cuts(study), 1e-3 * study.cuts.range_rejection_MeV);
  const std::uint64_t n = events ? *events : study_.showers;
  if (n < 2) throw StudyError("showers", "at least 2 showers per energy are needed for a resolution");
  const CaloEvaluation e = evaluate_calorimeter(study, setup, n, nullptr, backend);
  const std::vector<double> x = flatten(study);
  double depth = 0.0;
  for (double t : x) depth += t;
  const double cost = stack_cost(study, x, nullptr);
  tasks::EvaluationReport r;
  r.figure_name = "rms relative energy resolution";
  r.figure = e.figure;
  r.figure_error = e.figure_error;
  char line[512];
  std::snprintf(line, sizeof line, "rms relative energy resolution %.5g +- %.2g (%llu showers per energy)", e.figure,
                e.figure_error, (unsigned long long)n);
  r.lines.push_back(line);
  std::snprintf(line, sizeof line, "stack: %.5g cm deep, cost %.6g", 100 * depth, cost);
  r.lines.push_back(line);
  std::snprintf(line, sizeof line, "fit: sigma/E = %.4g/sqrt(E) (+) %.4g (+) %.4g/E (E in GeV; chi2 %.3g, ndf %d)",
                e.fit.a, e.fit.b, e.fit.c, e.fit.chi2, e.fit.ndf);
  r.lines.push_back(line);
  if (e.has_time) {
    std::snprintf(line, sizeof line,
                  "time (the visible energy's mean deposit time, shower development only): sigma_t = %.3g ps/sqrt(E) "
                  "(+) %.3g ps (+) %.3g ps/E (E in GeV; chi2 %.3g, ndf %d)",
                  1e3 * e.time_fit.a, 1e3 * e.time_fit.b, 1e3 * e.time_fit.c, e.time_fit.chi2, e.time_fit.ndf);
    r.lines.push_back(line);
  }
  for (const EnergyPoint& p : e.points) {
    std::snprintf(line, sizeof line,
                  "%.4g GeV: visible %.5g GeV, sigma/E %.4g +- %.2g, escaped %.4g GeV", p.energy_GeV,
                  p.mean_visible_GeV, p.resolution, p.resolution_error, p.mean_escaped_GeV);
    r.lines.push_back(line);
    if (p.has_cells) {
      std::snprintf(line, sizeof line,
                    "%.4g GeV cells (%.3g cm): hottest cell %.3g, 3x3 %.3g of the visible energy; position "
                    "resolution from the centroid %.3g mm (bias %.2g mm)",
                    p.energy_GeV, 100 * study.cell_size_m, p.cells.hottest_fraction, p.cells.cluster_fraction,
                    1e3 * p.cells.position_resolution_m, 1e3 * p.cells.position_bias_m);
      r.lines.push_back(line);
      for (std::size_t k = 0; p.cells.section_fraction.size() > 1 && k < p.cells.section_fraction.size(); ++k) {
        std::snprintf(line, sizeof line,
                      "%.4g GeV cells, section %zu of %zu: %.3g of the visible energy, position resolution from its "
                      "centroid %.3g mm",
                      p.energy_GeV, k + 1, p.cells.section_fraction.size(), p.cells.section_fraction[k],
                      1e3 * p.cells.section_position_resolution_m[k]);
        r.lines.push_back(line);
      }
    }
  }
  r.json = evaluation_json(e);
  r.json["depth_m"] = depth;
  r.json["cost"] = cost;
  if (study.photon_electron_separation) {
    // Shower indices after the evaluation's (energies x n): electrons, then photons, per energy.
    const std::uint64_t energies = study.source.energies_GeV.size();
    std::vector<SeparationPoint> separation;
    for (std::uint64_t k = 0; k < energies; ++k) {
      const SeparationPoint p = photon_electron_separation(study, setup, study.source.energies_GeV[k], n,
                                                           (energies + 2 * k) * n, backend);
      std::snprintf(line, sizeof line,
                    "%.4g GeV photon/electron: depth (centre of gravity) e %.3g X0, gamma %.3g X0, separation %.3g; "
                    "electrons kept at 90 %% photon efficiency %.3g +- %.2g",
                    p.energy_GeV, p.electron_depth_X0, p.photon_depth_X0, p.separation, p.misidentification,
                    p.misidentification_error);
      r.lines.push_back(line);
      separation.push_back(p);
    }
    r.json["photon_electron_separation"] = separation_json(separation);
  }
  return r;
}

tasks::GradientProblem CaloStudy::gradient_problem(std::uint64_t events) const {
  // The optimisation's own loss (response model + budget term) in the design's parameters,
  // the response model calibrated with `events` showers per energy.
  if (study_.design.parameters == "layer_count") refuse_layer_count_gradient();
  CaloStudyConfig study = study_;
  study.showers = events;
  const auto problem = std::make_shared<const CaloOptimization>(study);
  tasks::GradientProblem p;
  p.parameters = problem->design().parameters;
  p.x = problem->initial();
  const optimize::StepEvaluation e = problem->evaluate(p.x, 0, events);
  p.loss = e.loss;
  p.gradient = e.gradient;
  p.loss_at = [problem, events](const std::vector<double>& x) { return problem->evaluate(x, 0, events).loss; };
  return p;
}

std::unique_ptr<optimize::OptimizationProblem> CaloStudy::optimization_problem(Backend backend) const {
  // A layer-count scan only evaluates layouts (at particle level, on either executor).
  if (study_.design.parameters == "layer_count") return std::make_unique<LayerCountScan>(study_);
  require_cpu(backend);
  return std::make_unique<CaloOptimization>(study_);
}

optimize::DesignDescription CaloStudy::design() const {
  if (study_.design.parameters == "layer_count") return LayerCountScan(study_).design();
  return calo_design(study_);
}

tasks::TaskDefinition calorimeter_task_definition() {
  tasks::TaskDefinition d;
  d.name = "calorimeter";
  d.title = "calorimeter stack (particle-level EM showers)";
  d.keys = calo_study_keys();
  d.section = "calorimeter";
  d.read = [](const nlohmann::json& json) -> std::unique_ptr<tasks::TaskStudy> {
    return std::make_unique<CaloStudy>(read_calo_study(json));
  };
  return d;
}

}  // namespace detgrad::calorimeter
