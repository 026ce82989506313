#include "optimize/exact_double.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace detgrad::optimize {

std::string encode_exact(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  // chars_format::hex without precision: the shortest exact form, e.g. "1.8p+1", no "0x".
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::hex);
  return std::string(std::signbit(value) ? "-0x" : "0x") + std::string(buffer, result.ptr);
}

double decode_exact(const std::string& text, const std::string& what) {
  const auto fail = [&]() -> double {
    throw std::runtime_error(what + ": '" + text + "' is not an exact double (a hexadecimal float such as "
                             "\"0x1.8p+1\", or inf, -inf, nan)");
  };
  if (text == "nan") return std::nan("");
  if (text == "inf") return HUGE_VAL;
  if (text == "-inf") return -HUGE_VAL;
  const bool negative = !text.empty() && text[0] == '-';
  const std::size_t start = negative ? 1 : 0;
  if (text.compare(start, 2, "0x") != 0) return fail();
  const char* first = text.data() + start + 2;
  const char* last = text.data() + text.size();
  // from_chars would accept a second sign here; only digits may follow the prefix.
  if (first == last || *first == '-' || *first == '+') return fail();
  double magnitude = 0.0;
  const auto result = std::from_chars(first, last, magnitude, std::chars_format::hex);
  if (result.ec != std::errc() || result.ptr != last) return fail();
  return negative ? -magnitude : magnitude;
}

}  // namespace detgrad::optimize
