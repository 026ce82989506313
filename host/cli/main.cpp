// detgrad command-line entry point. Exit codes: 0 success, 1 run-time failure, 2 bad
// study file or bad arguments.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "detgrad/core/error.hpp"

int main(int argc, char** argv) {
  using namespace detgrad;
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    const CliOptions options = parse_cli(args);
    if (options.command == "help") {
      std::fputs(usage_text().c_str(), stdout);
      return 0;
    }
    if (options.command == "simulate") return run_simulate(options);
    if (options.command == "gradcheck") return run_gradcheck(options);
    if (options.command == "optimize") return run_optimize(options);
    if (options.command == "evaluate") return run_evaluate(options);
    return run_validate(options);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "detgrad: error: %s\n%s", e.what(), usage_text().c_str());
    return 2;
  } catch (const StudyError& e) {
    std::fprintf(stderr, "detgrad: error in study: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "detgrad: error: %s\n", e.what());
    return 1;
  }
}
