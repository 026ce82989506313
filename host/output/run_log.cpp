#include "output/run_log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace detgrad {

RunLog::RunLog(const std::filesystem::path& file) : file_(file, std::ios::app) {}

void RunLog::info(const std::string& message) {
  std::fprintf(stderr, "[detgrad] %s\n", message.c_str());
  file_only(message);
}

void RunLog::file_only(const std::string& message) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::gmtime(&now));
  file_ << stamp << "Z " << message << '\n';
  file_.flush();
}

}  // namespace detgrad
