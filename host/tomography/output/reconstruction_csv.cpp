#include "tomography/output/reconstruction_csv.hpp"

#include <charconv>
#include <stdexcept>

namespace detgrad {
namespace {

void number(std::string& line, float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  line.append(buffer, result.ptr);
  line.push_back(',');
}

}  // namespace

ReconstructionCsvWriter::ReconstructionCsvWriter(const std::string& path, const std::vector<std::string>& panel_names)
    : out_(path), path_(path), panels_(panel_names.size()) {
  if (!out_) throw std::runtime_error("cannot write " + path);
  out_ << "event,usable";
  for (const std::string& p : panel_names) out_ << ',' << p << "_hit_x_m," << p << "_hit_y_m," << p << "_hit_weight";
  out_ << ",in_x0_m,in_y0_m,in_slope_x,in_slope_y,out_x0_m,out_y0_m,out_slope_x,out_slope_y,"
          "poca_x_m,poca_y_m,poca_z_m,poca_sigma_x_m,poca_sigma_y_m,poca_sigma_z_m,"
          "theta_x_rad,theta_y_rad,theta_space_rad,var_theta_x_rad2,var_theta_y_rad2,"
          "beta_momentum_GeV,path_m,inverse_x0_per_m,usable_weight,uncertainty_weight,weight\n";
}

void ReconstructionCsvWriter::write(std::uint64_t event, const tomography::MuonInference<float>& r) {
  line_ = std::to_string(event) + (r.usable ? ",1," : ",0,");
  if (!r.usable) {
    // Not reconstructed (missed a panel's plane, fewer than two hits on a side, or no fit).
    line_.append(3 * panels_ + 25, ',');
  } else {
    for (std::size_t k = 0; k < panels_; ++k) {
      number(line_, r.hit[k].x);
      number(line_, r.hit[k].y);
      number(line_, r.hit[k].weight);
    }
    for (const tomography::TrackFit<float>* f : {&r.in, &r.out}) {
      number(line_, f->x0);
      number(line_, f->y0);
      number(line_, f->tx);
      number(line_, f->ty);
    }
    for (float v : {r.poca.x, r.poca.y, r.poca.z, r.poca_sigma.sigma_x, r.poca_sigma.sigma_y, r.poca_sigma.sigma_z,
                    r.angles.theta_x, r.angles.theta_y, r.angles.theta_space, r.angles.var_theta_x,
                    r.angles.var_theta_y, r.beta_momentum, r.path_m, r.inverse_x0, r.usable_weight,
                    r.uncertainty_weight, r.weight})
      number(line_, v);
  }
  line_.back() = '\n';
  out_.write(line_.data(), std::streamsize(line_.size()));
}

void ReconstructionCsvWriter::close() {
  out_.close();
  if (!out_) throw std::runtime_error("write failed: " + path_);
}

}  // namespace detgrad
