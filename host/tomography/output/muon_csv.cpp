#include "tomography/output/muon_csv.hpp"

#include <charconv>
#include <stdexcept>

namespace detgrad {
namespace {

void append_number(std::string& line, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, float(value));
  line.append(buffer, result.ptr);
  line.push_back(',');
}

void append_integer(std::string& line, long long value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  line.append(buffer, result.ptr);
  line.push_back(',');
}

void append_vec(std::string& line, const Vec3<float>& v) {
  append_number(line, v.x);
  append_number(line, v.y);
  append_number(line, v.z);
}

}  // namespace

MuonCsvWriter::MuonCsvWriter(const std::string& path, const std::vector<std::string>& plane_names)
    : out_(path), path_(path), plane_count_(plane_names.size()) {
  if (!out_) throw std::runtime_error("cannot write " + path);
  out_ << "event,charge,momentum_GeV,cos_zenith,azimuth_rad,x_gen_m,y_gen_m,"
          "entered_volume,stopped,left_through_side,reached_bottom,lost,"
          "entry_x_m,entry_y_m,entry_z_m,entry_dir_x,entry_dir_y,entry_dir_z,"
          "exit_x_m,exit_y_m,exit_z_m,exit_dir_x,exit_dir_y,exit_dir_z,exit_momentum_GeV,path_in_volume_m";
  for (const std::string& name : plane_names) {
    out_ << ',' << name << "_x_m," << name << "_y_m," << name << "_slope_x," << name << "_slope_y";
  }
  out_ << '\n';
}

void MuonCsvWriter::write(std::uint64_t first_event, const MuonTrack<float>* tracks, std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) {
    const MuonTrack<float>& t = tracks[i];
    line_.clear();
    append_integer(line_, static_cast<long long>(first_event + i));
    append_integer(line_, t.charge);
    append_number(line_, t.momentum_GeV);
    append_number(line_, t.cos_zenith);
    append_number(line_, t.azimuth_rad);
    append_number(line_, t.x_gen_m);
    append_number(line_, t.y_gen_m);
    for (std::uint32_t flag : {kEnteredVolume, kStopped, kLeftThroughSide, kReachedBottom, kLost}) {
      append_integer(line_, (t.flags & flag) ? 1 : 0);
    }
    if (t.flags & kEnteredVolume) {
      append_vec(line_, t.entry_m);
      append_vec(line_, t.entry_direction);
      append_vec(line_, t.exit_m);
      append_vec(line_, t.exit_direction);
      append_number(line_, t.exit_momentum_GeV);
      append_number(line_, t.path_in_volume_m);
    } else {
      line_.append(14, ',');
    }
    for (std::size_t p = 0; p < plane_count_; ++p) {
      if (int(p) < t.planes_crossed) {
        append_number(line_, t.planes[p].x_m);
        append_number(line_, t.planes[p].y_m);
        append_number(line_, t.planes[p].slope_x);
        append_number(line_, t.planes[p].slope_y);
      } else {
        line_.append(4, ',');
      }
    }
    line_.back() = '\n';
    out_.write(line_.data(), std::streamsize(line_.size()));
  }
  if (!out_) throw std::runtime_error("write failed: " + path_);
}

void MuonCsvWriter::close() {
  out_.close();
  if (!out_) throw std::runtime_error("write failed: " + path_);
}

}  // namespace detgrad
