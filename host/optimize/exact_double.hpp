#pragma once
// Bit-exact text for doubles, for checkpoints. JSON numbers written in decimal may lose the
// last bit (and cannot hold inf or NaN), which would make a resumed run drift from an
// uninterrupted one. A double is therefore written as a C99 hexadecimal float string,
// "0x1.999999999999ap-4" (= 0.1), "-0x1p+0", "0x0p+0", "-0x0p+0", "inf", "-inf", "nan":
// every finite value (subnormals and the sign of zero included) round-trips exactly;
// Python reads it with float.fromhex. Conversion uses std::to_chars / std::from_chars,
// which do not depend on the locale.
#include <string>

namespace detgrad::optimize {

std::string encode_exact(double value);

// Inverse of encode_exact. Throws std::runtime_error naming `what` (e.g. the JSON path) when
// the text is not a whole hexadecimal float (or inf / nan).
double decode_exact(const std::string& text, const std::string& what);

}  // namespace detgrad::optimize
