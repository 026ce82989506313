#include "calorimeter/shower_setup.hpp"

#include <stdexcept>

namespace detgrad::calorimeter {

std::vector<SlabSpec> repeat(const std::vector<SlabSpec>& group, int count) {
  std::vector<SlabSpec> out;
  for (int i = 0; i < count; ++i) out.insert(out.end(), group.begin(), group.end());
  return out;
}

ShowerSetup::ShowerSetup(const StackSpec& spec, const EmCuts& cuts, double range_rejection_GeV)
    : cuts_(cuts), range_rejection_GeV_(range_rejection_GeV), half_width_m_(spec.half_width_m) {
  if (!(spec.half_width_m > 0.0)) throw std::invalid_argument("the stack's half width must be positive");
  double z = 0.0;
  for (const SlabSpec& s : spec.slabs) {
    const CaloMedium* m = find_calo_medium(s.material);
    if (!m) throw std::invalid_argument("unknown calorimeter medium \"" + s.material + "\"");
    if (!(s.thickness_m > 0.0)) throw std::invalid_argument("a slab's thickness must be positive");
    int index = -1;
    for (std::size_t i = 0; i < media_.size(); ++i)
      if (media_[i] == m) index = int(i);
    if (index < 0) {
      index = int(media_.size());
      media_.push_back(m);
    }
    if (s.active) weights_.push_back(s.weight);
    slabs_d_.push_back(Slab<double>{z, z + s.thickness_m, index, s.active ? readouts_++ : -1});
    z += s.thickness_m;
  }
  if (slabs_d_.empty()) throw std::invalid_argument("the stack has no slabs");
  for (const auto& s : slabs_d_) slabs_f_.push_back(Slab<float>{float(s.z_low), float(s.z_high), s.medium, s.readout});
  tables_d_ = build_em_tables(media_, cuts_);
  tables_f_ = convert_tables<float>(tables_d_);
}

template <>
EmTables<double> ShowerSetup::tables<double>() const { return tables_d_.view(); }
template <>
EmTables<float> ShowerSetup::tables<float>() const { return tables_f_.view(); }
template <>
LayerStack<double> ShowerSetup::stack<double>() const {
  return LayerStack<double>{slabs_d_.data(), int(slabs_d_.size()), half_width_m_};
}
template <>
LayerStack<float> ShowerSetup::stack<float>() const {
  return LayerStack<float>{slabs_f_.data(), int(slabs_f_.size()), float(half_width_m_)};
}

}  // namespace detgrad::calorimeter
