#include "cli/plots.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "backend/ranks.hpp"
#include "install/install_paths.hpp"

namespace detgrad {

namespace {

// Debian's python3, where scripts/setup installs python3-matplotlib; never another python3
// found first on PATH.
constexpr const char* kPython = "/usr/bin/python3";

}  // namespace

void make_plots(const std::filesystem::path& dir, RunLog& log) {
  if (!ranks::is_root()) return;
  std::filesystem::path script;
  try {
    script = install::share_path("scripts/plot-run");
  } catch (const std::runtime_error& e) {
    log.info(std::string("no plots made: ") + e.what());
    return;
  }
  const std::string command = std::string(kPython) + " '" + script.string() + "' '" + dir.string() + "' > '" +
                              (dir / "plots.log").string() + "' 2>&1";
  if (!std::filesystem::exists(kPython)) {
    log.info(std::string("no plots made: ") + kPython + " not found (Debian: apt-get install python3-matplotlib); then: " +
             script.string() + " " + dir.string());
  } else if (!std::filesystem::exists(script)) {
    log.info("no plots made: " + script.string() + " not found");
  } else if (std::system(command.c_str()) == 0) {
    log.info("plots in " + (dir / "plots").string());
  } else {
    log.info("no plots made (see " + (dir / "plots.log").string() + "); with python3-matplotlib installed: " +
             script.string() + " " + dir.string());
  }
}

}  // namespace detgrad
