#include "output/run_log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "backend/ranks.hpp"

namespace detgrad {

// In an MPI run rank 0 alone keeps the log (the other ranks run the same steps).
RunLog::RunLog(const std::filesystem::path& file) : active_(ranks::is_root()) {
  if (active_) file_.open(file, std::ios::app);
}

void RunLog::info(const std::string& message) {
  if (!active_) return;
  std::fprintf(stderr, "[detgrad] %s\n", message.c_str());
  file_only(message);
}

void RunLog::file_only(const std::string& message) {
  if (!active_) return;
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::gmtime(&now));
  file_ << stamp << "Z " << message << '\n';
  file_.flush();
}

}  // namespace detgrad
