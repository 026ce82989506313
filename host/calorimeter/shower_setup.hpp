#pragma once
// A calorimeter stack ready for transport (host only): the layers resolved into slabs, the
// media's tables built for the cuts, float and double copies for the per-particle code.
#include <string>
#include <vector>

#include "calorimeter/calo_media.hpp"
#include "calorimeter/em_tables.hpp"
#include "detgrad/calorimeter/layer_stack.hpp"
#include "detgrad/calorimeter/shower_transport.hpp"

namespace detgrad::calorimeter {

// One slab as a study gives it.
struct SlabSpec {
  std::string material;  // a calorimeter medium's name (calo_media.hpp)
  double thickness_m = 0.0;
  bool active = false;   // read out as the next active layer
  double weight = 1.0;   // an active slab's weight in the visible energy
};

struct StackSpec {
  std::vector<SlabSpec> slabs;  // front to back
  double half_width_m = 0.5;
};

// Repeats `group` `count` times (e.g. 66 x [2 mm lead, 4 mm polystyrene]).
std::vector<SlabSpec> repeat(const std::vector<SlabSpec>& group, int count);

class ShowerSetup {
 public:
  // Throws std::invalid_argument for an unknown medium or a non-positive thickness.
  ShowerSetup(const StackSpec& spec, const EmCuts& cuts, double range_rejection_GeV = 1e-3);

  int slab_count() const { return int(slabs_d_.size()); }
  int readout_count() const { return readouts_; }
  const std::vector<double>& readout_weights() const { return weights_; }
  // Slab s's weight in the visible energy: its readout layer's weight, 0 for a passive slab.
  double visible_weight(int s) const {
    const int r = slabs_d_[std::size_t(s)].readout;
    return r >= 0 ? weights_[std::size_t(r)] : 0.0;
  }
  const std::vector<Slab<double>>& slabs() const { return slabs_d_; }
  const std::vector<const CaloMedium*>& media() const { return media_; }
  const EmCuts& cuts() const { return cuts_; }
  double depth_m() const { return slabs_d_.empty() ? 0.0 : slabs_d_.back().z_high; }

  template <typename T>
  EmTables<T> tables() const;
  template <typename T>
  LayerStack<T> stack() const;
  template <typename T>
  TransportSettings<T> settings(std::uint64_t seed, std::uint32_t step) const {
    return TransportSettings<T>{T(cuts_.electron_cut_GeV), T(cuts_.photon_cut_GeV), T(range_rejection_GeV_), seed,
                                step};
  }

 private:
  EmCuts cuts_;
  double range_rejection_GeV_;
  int readouts_ = 0;
  std::vector<double> weights_;
  double half_width_m_;
  std::vector<const CaloMedium*> media_;
  EmTableStore<double> tables_d_;
  EmTableStore<float> tables_f_;
  std::vector<Slab<double>> slabs_d_;
  std::vector<Slab<float>> slabs_f_;
};

template <>
EmTables<double> ShowerSetup::tables<double>() const;
template <>
EmTables<float> ShowerSetup::tables<float>() const;
template <>
LayerStack<double> ShowerSetup::stack<double>() const;
template <>
LayerStack<float> ShowerSetup::stack<float>() const;

}  // namespace detgrad::calorimeter
