#include "output/progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "backend/ranks.hpp"

namespace detgrad {

ProgressReporter::ProgressReporter(std::string label, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      terminal_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressReporter::update(std::uint64_t done, std::uint64_t total) {
  const auto now = std::chrono::steady_clock::now();
  const double since_last = std::chrono::duration<double>(now - last_).count();
  // A terminal line refreshes ten times a second; a log gets a line every 10 s.
  if (done < total && since_last < (terminal_ ? 0.1 : 10.0)) return;
  if (!ranks::is_root()) return;  // in an MPI run, rank 0 shows the progress
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? double(done) / elapsed : 0.0;
  const double left = rate > 0 ? double(total - done) / rate : 0.0;
  std::fprintf(stderr, "%s[%s] %5.1f%%  %llu/%llu %s  %.3g %s/s  %.0f s left%s", terminal_ ? "\r" : "",
               label_.c_str(), total ? 100.0 * double(done) / double(total) : 100.0, (unsigned long long)done,
               (unsigned long long)total, unit_.c_str(), rate, unit_.c_str(), left, terminal_ ? "   " : "\n");
  std::fflush(stderr);
  printed_ = true;
}

void ProgressReporter::finish() {
  if (terminal_ && printed_) std::fprintf(stderr, "\n");
}

}  // namespace detgrad
