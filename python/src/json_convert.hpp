#pragma once
// Python objects and JSON values, both ways, without a round trip through text: dicts with
// string keys, lists and tuples, str, bool, int, float and None (numpy scalars and arrays
// through their .tolist()). A number keeps its exact double or integer value.
#include <string>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

namespace detgrad::python {

// Throws detgrad::StudyError naming the JSON path of a value that JSON cannot hold (a
// non-string key, a set, an object of another type), nested deeper than 256 levels, or a
// non-finite float.
nlohmann::json to_json(pybind11::handle value, const std::string& path = "");
pybind11::object to_python(const nlohmann::json& value);

}  // namespace detgrad::python
