#pragma once
// reconstruction.csv: per kept muon, what the tomography chain made of it: the hits and
// their weights, the two fits, the PoCA and its uncertainty, the scattering angles, the
// 1/X0 estimate and the muon's weights.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "detgrad/tomography/muon_inference.hpp"

namespace detgrad {

class ReconstructionCsvWriter {
 public:
  ReconstructionCsvWriter(const std::string& path, const std::vector<std::string>& panel_names);
  void write(std::uint64_t event, const tomography::MuonInference<float>& r);
  void close();

 private:
  std::ofstream out_;
  std::string path_;
  std::size_t panels_;
  std::string line_;
};

}  // namespace detgrad
