#pragma once
// The JSON spellings of enums: a name table per enum, shared by a reader and its writer, and
// the table of the common key "backend".
#include <string>
#include <utility>
#include <vector>

#include "detgrad/study/backend_kind.hpp"

namespace detgrad::study_detail {

template <class Enum>
using NameTable = std::vector<std::pair<std::string, Enum>>;

inline const NameTable<Backend>& backend_names() {
  static const NameTable<Backend> table = {{"auto", Backend::automatic}, {"cpu", Backend::cpu}, {"cuda", Backend::cuda}};
  return table;
}

template <class Enum>
std::vector<std::string> names_of(const NameTable<Enum>& table) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.push_back(entry.first);
  return names;
}

template <class Enum>
Enum enum_of(const NameTable<Enum>& table, const std::string& name) {
  for (const auto& entry : table) {
    if (entry.first == name) return entry.second;
  }
  return table.front().second;  // unreachable after JsonValue::choice
}

template <class Enum>
const std::string& name_of(const NameTable<Enum>& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.second == value) return entry.first;
  }
  return table.front().first;
}

}  // namespace detgrad::study_detail
