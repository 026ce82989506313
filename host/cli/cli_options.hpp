#pragma once
// Command-line options of the detgrad CLI. A usage error exits with code 2.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace detgrad {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CliOptions {
  std::string command;                 // simulate | validate | gradcheck | optimize | evaluate | scan | align | help
  std::string study_path;
  std::optional<std::string> out_dir;
  std::optional<std::uint64_t> events;       // --events N, or --muons N (the same)
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> save_events;  // --save-events K, or --save-muons K
  std::optional<std::string> backend;
  std::optional<std::string> json_path;  // gradcheck --json FILE
  std::optional<std::uint64_t> steps;    // optimize --steps N
  bool resume = false;                   // optimize --resume
  std::optional<std::string> layout_path;  // evaluate --layout FILE
  std::vector<std::string> scan_params;    // scan --param NAME=START:STOP:N (one or two)
  std::optional<std::string> data_dir;     // align --data RUN_DIR
};

CliOptions parse_cli(const std::vector<std::string>& args);
std::string usage_text();

}  // namespace detgrad
