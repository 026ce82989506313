#include "swgo/layout_file.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "detgrad/core/error.hpp"
#include "study/input_file.hpp"

namespace detgrad::swgo {

namespace {
// The reference layouts are 150-260 kB, lines of some 40 bytes.
constexpr study_detail::TextLimits kLayoutTextLimits{16u << 20, 1024};
}  // namespace

Layout parse_layout_text(const std::string& text, const std::string& name) {
  study_detail::check_text_limits(text, name, kLayoutTextLimits);
  Layout layout;
  std::istringstream in(text);
  std::string line;
  int line_number = 0;
  std::size_t columns = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::string where = name + ":" + std::to_string(line_number);
    std::istringstream fields(line);
    std::vector<double> v;
    std::string word;
    while (fields >> word) {
      char* end = nullptr;
      const double x = std::strtod(word.c_str(), &end);
      if (end == word.c_str() || *end != '\0') throw StudyError(where, "\"" + word + "\" is not a number");
      if (!std::isfinite(x)) throw StudyError(where, "\"" + word + "\" is not a finite number");
      v.push_back(x);
    }
    if (v.size() != 2 && v.size() != 3)
      throw StudyError(where, "expected \"x y\" or \"index x y\", found " + std::to_string(v.size()) + " fields");
    if (columns == 0) columns = v.size();
    if (v.size() != columns)
      throw StudyError(where, "expected " + std::to_string(columns) + " fields like the first line, found " +
                                  std::to_string(v.size()));
    layout.add(v[v.size() - 2], v[v.size() - 1]);
  }
  if (layout.size() == 0) throw StudyError(name, "no units in the layout file");
  return layout;
}

Layout read_layout_file(const std::filesystem::path& file) {
  return parse_layout_text(study_detail::read_input_file(file.string(), "layout file", kLayoutTextLimits), file.string());
}

}  // namespace detgrad::swgo
