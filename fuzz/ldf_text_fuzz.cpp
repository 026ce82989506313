// An SWGO lateral-density parameter file, as either primary's.
#include "detgrad/core/error.hpp"
#include "fuzz_targets.hpp"
#include "swgo/ldf_file.hpp"

namespace detgrad::fuzz {

int ldf_text(const std::uint8_t* data, std::size_t size) {
  swgo::LdfTables<double> tables{};
  try {
    swgo::parse_ldf_text(std::string(reinterpret_cast<const char*>(data), size), "ldf.txt",
                         size % 2 ? swgo::Primary::gamma : swgo::Primary::proton, tables);
  } catch (const StudyError&) {
  }
  return 0;
}

}  // namespace detgrad::fuzz
