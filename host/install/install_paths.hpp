#pragma once
// Where detgrad finds the files it ships besides its binary: the ready studies (configs/),
// the data they read (data/, e.g. data/swgo) and the plotting scripts (scripts/plot-run,
// scripts/plotting/). They live in one folder, the share folder:
//   1. $DETGRAD_SHARE_DIR, when set and not empty (it must then be a folder);
//   2. <folder of the binary>/../share/detgrad: an installed tree (PREFIX/bin/detgrad,
//      PREFIX/share/detgrad), and a build tree's programs in subfolders (tests/, bench/);
//   3. <folder of the binary>/share/detgrad: a build tree (BUILD/detgrad; CMake links
//      BUILD/share/detgrad/{configs,data,scripts/...} to the sources).
// The binary is found through /proc/self/exe, so the lookup works from any working
// directory, through symbolic links to the binary, and with no source path compiled in.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace detgrad::install {

// The environment variable that overrides the lookup.
inline constexpr const char* kShareDirVariable = "DETGRAD_SHARE_DIR";

// The folders tried for a binary at `executable`, in order (without the variable).
std::vector<std::filesystem::path> share_dir_candidates(const std::filesystem::path& executable);

// The share folder for a binary at `executable` and a value of the variable (nullptr or
// empty: unset). nullopt when no candidate is a folder. A set variable that is not a folder
// is a std::runtime_error naming it (a typo must not silently fall back to another tree).
std::optional<std::filesystem::path> find_share_dir(const char* variable_value,
                                                    const std::filesystem::path& executable);

// This process's binary (/proc/self/exe); empty where it cannot be read.
std::filesystem::path executable_path();

// The share folder of this process. std::runtime_error when there is none: the message
// names the folders tried and the variable.
std::filesystem::path share_dir();

// share_dir() / relative, e.g. share_path("data/swgo").
std::filesystem::path share_path(const std::filesystem::path& relative);

// share_dir() / relative when the share folder exists and holds `relative`; else nullopt.
// Never throws: for a fallback after the caller's own lookup.
std::optional<std::filesystem::path> find_in_share_dir(const std::filesystem::path& relative);

}  // namespace detgrad::install
