#include "optimize/stop_signals.hpp"

#include <csignal>

namespace detgrad::optimize {
namespace {

volatile std::sig_atomic_t g_stop_requested = 0;
extern "C" void request_stop(int) { g_stop_requested = 1; }

}  // namespace

StopSignals::StopSignals() {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  std::signal(SIGUSR1, request_stop);
  g_stop_requested = 0;
}

StopSignals::~StopSignals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGUSR1, SIG_DFL);
}

bool StopSignals::requested() const { return g_stop_requested != 0; }

}  // namespace detgrad::optimize
