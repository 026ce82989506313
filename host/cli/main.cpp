// detgrad command-line entry point (cli/cli_main.hpp). Under mpirun every rank runs the
// command on its share of the events (backend/ranks.hpp); a rank that fails ends them all.
#include <string>
#include <vector>

#include "backend/ranks.hpp"
#include "cli/cli_main.hpp"

int main(int argc, char** argv) {
  detgrad::ranks::initialize(&argc, &argv);
  const int code = detgrad::run_cli(std::vector<std::string>(argv + 1, argv + argc));
  if (code != 0 && detgrad::ranks::size() > 1) {
    detgrad::ranks::abort_all("detgrad: rank " + std::to_string(detgrad::ranks::rank()) + " exits with code " +
                                  std::to_string(code) + "; ending every rank",
                              code);
  }
  detgrad::ranks::finalize();
  return code;
}
