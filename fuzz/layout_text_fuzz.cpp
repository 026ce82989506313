// An SWGO layout text file.
#include "detgrad/core/error.hpp"
#include "fuzz_targets.hpp"
#include "swgo/layout_file.hpp"

namespace detgrad::fuzz {

int layout_text(const std::uint8_t* data, std::size_t size) {
  try {
    (void)swgo::parse_layout_text(std::string(reinterpret_cast<const char*>(data), size), "layout.txt");
  } catch (const StudyError&) {
  }
  return 0;
}

}  // namespace detgrad::fuzz
