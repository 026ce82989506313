#include "calorimeter/particle_separation.hpp"

#include <algorithm>
#include <cmath>

namespace detgrad::calorimeter {
namespace {

struct Moments {
  double mean = 0.0, rms = 0.0;
};

Moments moments(const std::vector<double>& v) {
  double s1 = 0.0, s2 = 0.0;
  for (double x : v) s1 += x;
  const double mean = s1 / double(v.size());
  for (double x : v) s2 += (x - mean) * (x - mean);
  return {mean, std::sqrt(s2 / double(v.size()))};
}

std::vector<double> depths_of(const ShowerSetup& setup, const ShowerTallies& t) {
  const std::vector<double> d = slab_depths_X0(setup);
  std::vector<double> out(t.showers);
  for (std::uint64_t i = 0; i < t.showers; ++i) out[i] = shower_depth_X0(setup, t, i, d);
  return out;
}

}  // namespace

std::vector<double> slab_depths_X0(const ShowerSetup& setup) {
  std::vector<double> d(setup.slab_count());
  double front = 0.0;
  for (int s = 0; s < setup.slab_count(); ++s) {
    const Slab<double>& slab = setup.slabs()[s];
    const double t = (slab.z_high - slab.z_low) / setup.media()[slab.medium]->material->radiation_length_m();
    d[s] = front + 0.5 * t;
    front += t;
  }
  return d;
}

double shower_depth_X0(const ShowerSetup& setup, const ShowerTallies& t, std::uint64_t shower,
                       const std::vector<double>& depths_X0) {
  double sum = 0.0, moment = 0.0;
  for (int s = 0; s < t.slabs; ++s) {
    const int r = setup.slabs()[s].readout;
    if (r < 0) continue;
    const double e = setup.readout_weights()[r] * t.slab(shower, s);
    sum += e;
    moment += e * depths_X0[s];
  }
  return sum > 0.0 ? moment / sum : 0.0;
}

SeparationPoint photon_electron_separation(const CaloStudyConfig& study, const ShowerSetup& setup, double energy_GeV,
                                           std::uint64_t showers, std::uint64_t first, Backend backend) {
  ShowerRunOptions o;
  o.showers = showers;
  o.seed = study.common.seed;
  o.precision = ShowerPrecision::single_precision;
  const auto run = [&](ParticleType type, std::uint64_t from) {
    o.first = from;
    const BeamSource<double> beam{type, energy_GeV, study.source.angle_deg * 3.14159265358979323846 / 180.0,
                                  study.source.spot_m};
    return backend == Backend::cuda ? run_showers_cuda(setup, beam, o) : run_showers_cpu(setup, beam, o);
  };
  const std::vector<double> te = depths_of(setup, run(ParticleType::electron, first));
  std::vector<double> tg = depths_of(setup, run(ParticleType::photon, first + showers));
  const Moments me = moments(te), mg = moments(tg);
  SeparationPoint p;
  p.energy_GeV = energy_GeV;
  p.showers = showers;
  p.electron_depth_X0 = me.mean;
  p.electron_rms_X0 = me.rms;
  p.photon_depth_X0 = mg.mean;
  p.photon_rms_X0 = mg.rms;
  p.separation = std::fabs(mg.mean - me.mean) / std::sqrt(mg.rms * mg.rms + me.rms * me.rms);
  // The photons' 10 % quantile: the cut keeps the 90 % deepest photons.
  std::sort(tg.begin(), tg.end());
  p.photon_cut_X0 = tg[std::size_t(std::floor(0.1 * double(tg.size())))];
  std::uint64_t kept = 0;
  for (double t : te) kept += t >= p.photon_cut_X0 ? 1 : 0;
  p.misidentification = double(kept) / double(te.size());
  p.misidentification_error = std::sqrt(p.misidentification * (1.0 - p.misidentification) / double(te.size()));
  return p;
}

nlohmann::json separation_json(const std::vector<SeparationPoint>& points) {
  nlohmann::json out = nlohmann::json::array();
  for (const SeparationPoint& p : points)
    out.push_back({{"energy_GeV", p.energy_GeV},
                   {"showers", p.showers},
                   {"electron_depth_X0", p.electron_depth_X0},
                   {"electron_depth_rms_X0", p.electron_rms_X0},
                   {"photon_depth_X0", p.photon_depth_X0},
                   {"photon_depth_rms_X0", p.photon_rms_X0},
                   {"separation_power", p.separation},
                   {"photon_cut_X0", p.photon_cut_X0},
                   {"electron_misidentification_at_90_photon_efficiency", p.misidentification},
                   {"electron_misidentification_error", p.misidentification_error}});
  return out;
}

}  // namespace detgrad::calorimeter
