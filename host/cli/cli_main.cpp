#include "cli/cli_main.hpp"

#include <cstdio>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "detgrad/core/error.hpp"

namespace detgrad {

int run_cli(const std::vector<std::string>& args) {
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
    if (options.command == "scan") return run_scan(options);
    if (options.command == "align") return run_align(options);
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

}  // namespace detgrad
