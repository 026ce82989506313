#pragma once
// Small text helpers for study-file error messages: numbers written so that they read
// back exactly, quoted names, and the closest known name to a typo.
#include <optional>
#include <string>
#include <vector>

namespace detgrad::study_detail {

// Shortest decimal text that reads back as the same double ("0.1", "1e+20", "inf").
std::string format_number(double value);

// "\"name\"".
std::string quote(const std::string& text);

// "\"a\", \"b\", \"c\"".
std::string join_quoted(const std::vector<std::string>& names);

// Levenshtein distance (insertions, deletions and substitutions each cost 1).
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate a typo most likely meant: the nearest by edit distance if that distance is
// small for the candidate's length, or a candidate that starts with `typo` (a forgotten
// unit suffix, "z" for "z_m"). nullopt when nothing is close.
std::optional<std::string> closest_match(const std::string& typo, const std::vector<std::string>& candidates);

}  // namespace detgrad::study_detail
