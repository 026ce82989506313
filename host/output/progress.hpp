#pragma once
// Progress of a long run: a self-updating line on a terminal, plain log lines otherwise.
#include <chrono>
#include <cstdint>
#include <string>

namespace detgrad {

class ProgressReporter {
 public:
  ProgressReporter(std::string label, std::string unit);
  void update(std::uint64_t done, std::uint64_t total);
  void finish();

 private:
  std::string label_, unit_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_;
  bool printed_ = false;
};

}  // namespace detgrad
