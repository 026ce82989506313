#pragma once
// Reader of SWGOLO's lateral-density parameter files (data/swgo/ldf_*_primary.txt): 8 blocks
// of 3 lines of 3 numbers (blocks 1-4 e/gamma for zenith bins 1-4, blocks 5-8 muons).
// A malformed file is a StudyError naming file:line.
#include <filesystem>
#include <string>

#include "detgrad/swgo/ldf.hpp"

namespace detgrad::swgo {

// The 24 lines of one primary's file into tables.q[primary].
void read_ldf_file(const std::filesystem::path& file, Primary primary, LdfTables<double>& tables);
// Same, from text (`name` stands for the file in messages).
void parse_ldf_text(const std::string& text, const std::string& name, Primary primary, LdfTables<double>& tables);

// Both primaries from a folder holding ldf_gamma_primary.txt and ldf_proton_primary.txt.
LdfTables<double> read_ldf_tables(const std::filesystem::path& folder);

}  // namespace detgrad::swgo
