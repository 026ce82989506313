#include "json_convert.hpp"

#include <cmath>

#include "detgrad/core/error.hpp"

namespace py = pybind11;

namespace detgrad::python {
namespace {

// Deeper than any study: a self-referencing or runaway structure is refused, not recursed.
constexpr int kMaxDepth = 256;

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

nlohmann::json convert(py::handle value, const std::string& path, int depth) {
  if (depth > kMaxDepth) throw StudyError(path, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) {
    // Negative values as signed, the rest as unsigned (a seed may use all 64 bits).
    if (value.cast<py::int_>() < py::int_(0)) return value.cast<long long>();
    try {
      return value.cast<unsigned long long>();
    } catch (const py::cast_error&) {
      throw StudyError(path, "the integer " + py::str(value).cast<std::string>() + " does not fit in 64 bits");
    }
  }
  if (py::isinstance<py::float_>(value)) {
    const double v = value.cast<double>();
    if (!std::isfinite(v)) throw StudyError(path, "expected a finite number, got " + py::str(value).cast<std::string>());
    return v;
  }
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (py::isinstance<py::dict>(value)) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto item : value.cast<py::dict>()) {
      if (!py::isinstance<py::str>(item.first)) {
        throw StudyError(path, "keys must be strings, got " + py::repr(item.first).cast<std::string>());
      }
      const std::string key = item.first.cast<std::string>();
      out[key] = convert(item.second, join(path, key), depth + 1);
    }
    return out;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    nlohmann::json out = nlohmann::json::array();
    std::size_t i = 0;
    for (const py::handle element : value) {
      out.push_back(convert(element, path + "[" + std::to_string(i) + "]", depth + 1));
      ++i;
    }
    return out;
  }
  // numpy scalars and arrays, and anything else that turns itself into plain Python values.
  if (py::hasattr(value, "tolist")) return convert(value.attr("tolist")(), path, depth + 1);
  throw StudyError(path, "a value of type " + py::str(value.get_type().attr("__name__")).cast<std::string>() +
                             " has no JSON form (expected dict, list, str, number, bool or None)");
}

}  // namespace

nlohmann::json to_json(py::handle value, const std::string& path) { return convert(value, path, 0); }

py::object to_python(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return py::none();
    case nlohmann::json::value_t::boolean:
      return py::bool_(value.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return py::int_(value.get<long long>());
    case nlohmann::json::value_t::number_unsigned:
      return py::int_(value.get<unsigned long long>());
    case nlohmann::json::value_t::number_float:
      return py::float_(value.get<double>());
    case nlohmann::json::value_t::string:
      return py::str(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      py::list out;
      for (const nlohmann::json& element : value) out.append(to_python(element));
      return std::move(out);
    }
    case nlohmann::json::value_t::object: {
      py::dict out;
      for (const auto& item : value.items()) out[py::str(item.key())] = to_python(item.value());
      return std::move(out);
    }
    default:
      return py::none();  // binary and discarded values: not produced by the engine
  }
}

}  // namespace detgrad::python
