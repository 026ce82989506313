#pragma once
// muons.csv: one row per kept muon, written chunk by chunk as transport produces them.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "detgrad/tomography/transport/muon_track.hpp"

namespace detgrad {

class MuonCsvWriter {
 public:
  MuonCsvWriter(const std::string& path, const std::vector<std::string>& plane_names);
  void write(std::uint64_t first_event, const MuonTrack<float>* tracks, std::uint64_t count);
  void close();

 private:
  std::ofstream out_;
  std::string path_;
  std::size_t plane_count_;
  std::string line_;
};

}  // namespace detgrad
