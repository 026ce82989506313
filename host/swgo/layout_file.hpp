#pragma once
// Layout files: one unit per line, "x y" or "index x y" in metres (the SWGO reference
// layouts are "index x y"); blank lines and lines starting with '#' are skipped; every line
// has the same number of columns. A malformed line is a StudyError naming file:line.
#include <filesystem>
#include <string>

#include "swgo/layout.hpp"

namespace detgrad::swgo {

Layout parse_layout_text(const std::string& text, const std::string& name);
Layout read_layout_file(const std::filesystem::path& file);

}  // namespace detgrad::swgo
