#include "calorimeter/shower_pass.hpp"

#include <cmath>

#include "calorimeter/transverse_cells.hpp"

namespace detgrad::calorimeter {
namespace {

// One shower's tally, writing into its rows.
template <typename T>
struct RowTally {
  double* slab;
  double* radial;
  int bins;
  double inv_bin;
  double* cells;                    // this shower's cell row, or nullptr
  const double* visible_weight;     // per slab: its readout weight, 0 for a passive slab
  const int* cell_offset;           // per slab: its section's offset in the row, -1 passive
  const CellGrid* grid;
  double continuous = 0.0, below_cut = 0.0, escaped = 0.0;
  double visible = 0.0, visible_time = 0.0;  // sum w e and sum w e t over the active slabs

  void deposit(int s, Vec3<T> p, T energy, DepositKind kind, T time) {
    const double e = double(energy);
    slab[s] += e;
    visible += visible_weight[s] * e;
    visible_time += visible_weight[s] * e * double(time);
    if (cells && cell_offset[s] >= 0) cells[cell_offset[s] + grid->index(double(p.x), double(p.y))] += visible_weight[s] * e;
    (kind == DepositKind::continuous ? continuous : below_cut) += e;
    if (bins > 0) {
      int b = int(std::sqrt(double(p.x) * double(p.x) + double(p.y) * double(p.y)) * inv_bin);
      radial[b < bins ? b : bins - 1] += e;
    }
  }
  void escape(const ShowerParticle<T>&, T available) { escaped += double(available); }
};

template <typename T>
void run(const ShowerSetup& setup, const BeamSource<double>& beam_d, const ShowerRunOptions& o, ShowerTallies& out) {
  const EmTables<T> tables = setup.tables<T>();
  const LayerStack<T> stack = setup.stack<T>();
  const TransportSettings<T> settings = setup.settings<T>(o.seed, o.step);
  const BeamSource<T> beam = convert_beam<T>(beam_d);
  std::uint64_t steps = 0, particles = 0;
  int overflows = 0;
  const std::int64_t n = std::int64_t(o.showers);
  const CellGrid grid = out.cells > 0 ? cell_grid(o.cell_size_m, stack.half_width_m) : CellGrid{};
  std::vector<double> visible_weight(setup.slab_count());
  for (int s = 0; s < setup.slab_count(); ++s) visible_weight[s] = setup.visible_weight(s);
  const std::vector<int> offset = cell_offsets(setup, out.cell_sections, out.cells);
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : steps, particles, overflows)
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint64_t shower = o.first + std::uint64_t(i);
    RowTally<T> tally{out.slab_deposit.data() + i * out.slabs,
                      out.radial_bins ? out.radial.data() + i * out.radial_bins : nullptr, out.radial_bins,
                      o.radial_bin_m > 0.0 ? 1.0 / o.radial_bin_m : 0.0,
                      out.cells ? out.cell_deposit.data() + i * out.cell_row() : nullptr, visible_weight.data(),
                    offset.data(), &grid};
    const ShowerParticle<T> primary = make_primary(beam, o.seed, o.step, shower);
    const ShowerCounters c = transport_shower(tables, stack, settings, shower, primary, tally);
    out.continuous[i] = tally.continuous;
    out.below_cut[i] = tally.below_cut;
    out.escaped[i] = tally.escaped;
    out.visible_time[i] = tally.visible > 0.0 ? tally.visible_time / tally.visible : 0.0;
    out.max_stack_depth[i] = c.max_stack_depth;
    steps += c.steps;
    particles += c.particles;
    overflows += c.overflows;
  }
  out.steps = steps;
  out.particles = particles;
  out.overflows = overflows;
}

}  // namespace

double ShowerTallies::visible(const ShowerSetup& setup, std::uint64_t shower) const {
  double sum = 0.0;
  for (int s = 0; s < slabs; ++s) sum += setup.visible_weight(s) * slab(shower, s);
  return sum;
}

std::vector<double> ShowerTallies::readout(const ShowerSetup& setup, std::uint64_t shower) const {
  std::vector<double> r(setup.readout_count(), 0.0);
  for (int s = 0; s < slabs; ++s)
    if (setup.slabs()[s].readout >= 0) r[setup.slabs()[s].readout] += slab(shower, s);
  return r;
}

double shower_energy(const BeamSource<double>& beam) {
  return beam.type == ParticleType::positron ? beam.kinetic_GeV + 2.0 * kElectronMass_GeV : beam.kinetic_GeV;
}

ShowerTallies run_showers_cpu(const ShowerSetup& setup, const BeamSource<double>& beam, const ShowerRunOptions& o) {
  ShowerTallies t;
  t.showers = o.showers;
  t.slabs = setup.slab_count();
  t.radial_bins = o.radial_bins;
  t.slab_deposit.assign(o.showers * t.slabs, 0.0);
  t.continuous.assign(o.showers, 0.0);
  t.below_cut.assign(o.showers, 0.0);
  t.escaped.assign(o.showers, 0.0);
  t.visible_time.assign(o.showers, 0.0);
  t.radial.assign(o.showers * std::uint64_t(o.radial_bins), 0.0);
  if (o.cell_size_m > 0.0) {
    t.cells = cell_grid(o.cell_size_m, setup.stack<double>().half_width_m).count();
    t.cell_sections = o.cell_sections;
  }
  t.cell_deposit.assign(o.showers * t.cell_row(), 0.0);
  t.max_stack_depth.assign(o.showers, 0);
  if (o.precision == ShowerPrecision::double_precision) run<double>(setup, beam, o, t);
  else run<float>(setup, beam, o, t);
  return t;
}

}  // namespace detgrad::calorimeter
