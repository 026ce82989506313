#include "install/install_paths.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace detgrad::install {

namespace fs = std::filesystem;

namespace {

bool is_folder(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

}  // namespace

std::vector<fs::path> share_dir_candidates(const fs::path& executable) {
  if (executable.empty()) return {};
  const fs::path bin = executable.parent_path();
  return {(bin.parent_path() / "share" / "detgrad").lexically_normal(), (bin / "share" / "detgrad").lexically_normal()};
}

std::optional<fs::path> find_share_dir(const char* variable_value, const fs::path& executable) {
  if (variable_value && *variable_value) {
    const fs::path given(variable_value);
    if (!is_folder(given)) {
      throw std::runtime_error(std::string(kShareDirVariable) + "=" + given.string() +
                               " is not a folder (it should hold detgrad's configs/, data/ and scripts/)");
    }
    return given;
  }
  for (const fs::path& candidate : share_dir_candidates(executable)) {
    if (is_folder(candidate)) return candidate;
  }
  return std::nullopt;
}

fs::path executable_path() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self;
}

fs::path share_dir() {
  const fs::path executable = executable_path();
  if (const auto found = find_share_dir(std::getenv(kShareDirVariable), executable)) return *found;
  std::string tried;
  for (const fs::path& candidate : share_dir_candidates(executable)) tried += (tried.empty() ? "" : ", ") + candidate.string();
  if (tried.empty()) tried = "nothing (/proc/self/exe cannot be read)";
  throw std::runtime_error("detgrad's share folder (configs/, data/, scripts/) was not found: tried " + tried +
                           "; set " + kShareDirVariable + " to it");
}

fs::path share_path(const fs::path& relative) { return share_dir() / relative; }

std::optional<fs::path> find_in_share_dir(const fs::path& relative) {
  try {
    const auto found = find_share_dir(std::getenv(kShareDirVariable), executable_path());
    if (!found) return std::nullopt;
    std::error_code ec;
    const fs::path p = *found / relative;
    if (fs::exists(p, ec)) return p;
  } catch (const std::runtime_error&) {
  }
  return std::nullopt;
}

}  // namespace detgrad::install
