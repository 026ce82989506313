#pragma once
// Checks of single values on the typed study, each failing with a StudyError that names
// the JSON path, the value (with its unit) and what was expected.
#include <cmath>
#include <string>

#include "detgrad/core/error.hpp"
#include "study/message_format.hpp"

namespace detgrad::study_detail {

[[noreturn]] inline void fail(const std::string& path, const std::string& message) { throw StudyError(path, message); }

// "0.5 m", "3 GeV", or just "2" for a unit-less value.
inline std::string with_unit(double value, const std::string& unit) {
  return unit.empty() ? format_number(value) : format_number(value) + " " + unit;
}

inline void require_finite(const std::string& path, double value, const std::string& unit) {
  if (!std::isfinite(value)) fail(path, with_unit(value, unit) + ": expected a finite number");
}

inline void require_positive(const std::string& path, double value, const std::string& unit) {
  require_finite(path, value, unit);
  if (!(value > 0)) fail(path, with_unit(value, unit) + " must be > 0");
}

inline void require_non_negative(const std::string& path, double value, const std::string& unit) {
  require_finite(path, value, unit);
  if (!(value >= 0)) fail(path, with_unit(value, unit) + " must be >= 0");
}

// [min, max] with min < max.
inline void require_range(const std::string& path, double min, double max, const std::string& unit) {
  require_finite(path + "[0]", min, unit);
  require_finite(path + "[1]", max, unit);
  if (!(min < max)) {
    fail(path, "[" + format_number(min) + ", " + format_number(max) + "] " + unit +
                   " is not a range: expected [min, max] with min < max");
  }
}

inline void require_non_empty(const std::string& path, const std::string& text, const std::string& what) {
  if (text.empty()) fail(path, "expected a non-empty " + what);
}

}  // namespace detgrad::study_detail
