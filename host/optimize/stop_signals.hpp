#pragma once
// While a StopSignals lives, SIGINT, SIGTERM and SIGUSR1 (what mpirun forwards and what batch
// schedulers can send before the time limit) only record a request to stop, which the loop
// honours after the current step; afterwards they are back to their defaults.
namespace detgrad::optimize {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  // Whether one of the signals arrived (on this rank) since construction.
  bool requested() const;
};

}  // namespace detgrad::optimize
