#pragma once
// The run's log: each line to stderr and to the run directory's log file, time-stamped. In an
// MPI run only rank 0 writes it (and creates the file).
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
  bool active_;
  std::ofstream file_;
};

}  // namespace detgrad
