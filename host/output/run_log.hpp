#pragma once
// The run's log: each line to stderr and to the run directory's log file, time-stamped.
#include <filesystem>
#include <fstream>
#include <string>

namespace detgrad {

class RunLog {
 public:
  explicit RunLog(const std::filesystem::path& file);
  void info(const std::string& message);
  // A line for the log file only (the terminal shows a progress line instead).
  void file_only(const std::string& message);

 private:
  std::ofstream file_;
};

}  // namespace detgrad
