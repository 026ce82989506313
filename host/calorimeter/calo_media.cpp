// The calorimeter media. Sources:
//  - critical energies E_c of electrons (Rossi's definition, the one of PDG eq. 34.37's
//    Moliere radius): PDG Atomic and Nuclear Properties (pdg.lbl.gov/AtomicNuclearProperties),
//    MeV: lead 7.43, tungsten 7.97, iron 21.68, copper 19.42, silicon 40.19, aluminium 42.70,
//    polystyrene 93.11, liquid argon 32.84, PbWO4 9.64.
//  - atomic masses (g/mol): PDG periodic table; compositions by stoichiometry (polystyrene
//    C8H8, PbWO4).
//  - K-shell binding energies (keV, above 10 keV only): lead 88.005, tungsten 69.525 (X-ray
//    data booklet, LBNL, table 1-1).
#include "calorimeter/calo_media.hpp"

#include "detgrad/physics/material_library.hpp"

namespace detgrad::calorimeter {
namespace {

constexpr double kKeV_GeV = 1e-6;

struct MediumRow {
  const char* name;
  double critical_energy_MeV;
  std::vector<Element> elements;
};

Element el(int z, double a, double w, double k_edge_keV = 0.0) { return Element{z, a, w, k_edge_keV * kKeV_GeV}; }

std::vector<CaloMedium> build() {
  const double a_h = 1.008, a_c = 12.011, a_o = 15.999, a_w = 183.84, a_pb = 207.2;
  const double m_c8h8 = 8 * a_c + 8 * a_h;
  const double m_pbwo4 = a_pb + a_w + 4 * a_o;
  const std::vector<MediumRow> rows = {
      {"lead", 7.43, {el(82, a_pb, 1.0, 88.005)}},
      {"tungsten", 7.97, {el(74, a_w, 1.0, 69.525)}},
      {"iron", 21.68, {el(26, 55.845, 1.0)}},
      {"copper", 19.42, {el(29, 63.546, 1.0)}},
      {"silicon", 40.19, {el(14, 28.0855, 1.0)}},
      {"aluminium", 42.70, {el(13, 26.9815, 1.0)}},
      {"polystyrene", 93.11, {el(6, a_c, 8 * a_c / m_c8h8), el(1, a_h, 8 * a_h / m_c8h8)}},
      {"liquid_argon", 32.84, {el(18, 39.948, 1.0)}},
      {"pbwo4", 9.64,
       {el(82, a_pb, a_pb / m_pbwo4, 88.005), el(74, a_w, a_w / m_pbwo4, 69.525), el(8, a_o, 4 * a_o / m_pbwo4)}},
  };
  std::vector<CaloMedium> media;
  for (const MediumRow& r : rows) {
    CaloMedium m;
    m.name = r.name;
    m.material = find_material(r.name);
    m.elements = r.elements;
    m.critical_energy_GeV = r.critical_energy_MeV * 1e-3;
    double z2 = 0.0, z1 = 0.0;
    for (const Element& e : m.elements) {
      z2 += e.mass_fraction * e.z * e.z / e.a_g_mol;
      z1 += e.mass_fraction * e.z / e.a_g_mol;
    }
    m.z_eff = z2 / z1;
    media.push_back(m);
  }
  return media;
}

const std::vector<CaloMedium>& media() {
  static const std::vector<CaloMedium> m = build();
  return m;
}

}  // namespace

double CaloMedium::moliere_radius_m() const {
  return material->radiation_length_m() * kMoliereScale_GeV / critical_energy_GeV;
}

const CaloMedium* find_calo_medium(const std::string& name) {
  for (const CaloMedium& m : media())
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> calo_medium_names() {
  std::vector<std::string> names;
  for (const CaloMedium& m : media()) names.push_back(m.name);
  return names;
}

}  // namespace detgrad::calorimeter
