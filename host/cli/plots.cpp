#include "cli/plots.hpp"

#include <cstdlib>
#include <string>

#include "backend/ranks.hpp"

namespace detgrad {

void make_plots(const std::filesystem::path& dir, RunLog& log) {
  if (!ranks::is_root()) return;
  const std::string script = std::string(DETGRAD_SOURCE_DIR) + "/scripts/plot-run";
  // Debian's python3 (where scripts/setup installs python3-matplotlib) when present.
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string command =
      python + " '" + script + "' '" + dir.string() + "' > '" + (dir / "plots.log").string() + "' 2>&1";
  if (std::filesystem::exists(script) && std::system(command.c_str()) == 0) {
    log.info("plots in " + (dir / "plots").string());
  } else {
    log.info("no plots made (see " + (dir / "plots.log").string() + "); with python3-matplotlib installed: " + script +
             " " + dir.string());
  }
}

}  // namespace detgrad
