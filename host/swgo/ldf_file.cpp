#include "swgo/ldf_file.hpp"

#include <cmath>
#include <sstream>

#include "detgrad/core/error.hpp"
#include "study/input_file.hpp"

namespace detgrad::swgo {

namespace {
// The files are 24 lines of some 27 bytes.
constexpr study_detail::TextLimits kLdfTextLimits{64u << 10, 1024};
}  // namespace

void parse_ldf_text(const std::string& text, const std::string& name, Primary primary, LdfTables<double>& tables) {
  study_detail::check_text_limits(text, name, kLdfTextLimits);
  std::istringstream in(text);
  std::string line;
  int line_number = 0, rows = 0;
  constexpr int kRows = 2 * kZenithBins * 3;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = name + ":" + std::to_string(line_number);
    if (rows == kRows) throw StudyError(where, "more than " + std::to_string(kRows) + " lines of parameters");
    std::istringstream fields(line);
    double v[3];
    for (double& x : v) {
      std::string word;
      if (!(fields >> word)) throw StudyError(where, "expected 3 numbers, found \"" + line + "\"");
      char* end = nullptr;
      x = std::strtod(word.c_str(), &end);
      if (end == word.c_str() || *end != '\0' || !std::isfinite(x))
        throw StudyError(where, "\"" + word + "\" is not a finite number");
    }
    std::string extra;
    if (fields >> extra) throw StudyError(where, "expected 3 numbers, found more: \"" + line + "\"");
    for (int j = 0; j < 3; ++j) tables.q[int(primary)][rows / 3][rows % 3][j] = v[j];
    ++rows;
  }
  if (rows != kRows)
    throw StudyError(name, "expected " + std::to_string(kRows) + " lines of 3 numbers (8 blocks of 3), found " +
                               std::to_string(rows));
}

void read_ldf_file(const std::filesystem::path& file, Primary primary, LdfTables<double>& tables) {
  parse_ldf_text(study_detail::read_input_file(file.string(), "file", kLdfTextLimits), file.string(), primary, tables);
}

LdfTables<double> read_ldf_tables(const std::filesystem::path& folder) {
  LdfTables<double> tables{};
  read_ldf_file(folder / "ldf_gamma_primary.txt", Primary::gamma, tables);
  read_ldf_file(folder / "ldf_proton_primary.txt", Primary::proton, tables);
  return tables;
}

}  // namespace detgrad::swgo
