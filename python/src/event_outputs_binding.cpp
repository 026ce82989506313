#include "event_outputs_binding.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "study_handle.hpp"

namespace py = pybind11;

namespace detgrad::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A study read once (with its seed override) for the per-event outputs of many designs.
struct EventOutputsProblem {
  std::unique_ptr<tasks::TaskStudy> study;
};

std::vector<double> to_vector(const Array& a, const char* what) {
  if (a.ndim() != 1) throw std::invalid_argument(std::string(what) + " is a 1-d array of doubles");
  return std::vector<double>(a.data(), a.data() + a.size());
}

tasks::EventOutputOptions options_of(std::uint64_t events, std::uint32_t step, const std::optional<Array>& reference) {
  if (events == 0) throw std::invalid_argument("events must be at least 1");
  tasks::EventOutputOptions o;
  o.events = events;
  o.step = step;
  if (reference) o.reference = to_vector(*reference, "the reference design");
  return o;
}

// An (events,) or (events, width) array that takes over the column's storage: no copy.
py::array column_array(std::vector<double> values, std::uint64_t events, std::size_t width) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  if (width == 1)
    return py::array_t<double>({py::ssize_t(events)}, {py::ssize_t(sizeof(double))}, owned->data(), free_when_done);
  return py::array_t<double>({py::ssize_t(events), py::ssize_t(width)},
                             {py::ssize_t(width * sizeof(double)), py::ssize_t(sizeof(double))}, owned->data(),
                             free_when_done);
}

}  // namespace

void bind_event_outputs(py::module_& m) {
  py::class_<EventOutputsProblem, std::shared_ptr<EventOutputsProblem>>(m, "EventOutputs")
      .def(py::init([](const StudyHandle& s, std::optional<std::uint64_t> seed) {
             Overrides o;
             o.seed = seed;
             auto out = std::make_shared<EventOutputsProblem>();
             out->study = s.read(o);
             return out;
           }),
           py::arg("study"), py::arg("seed") = py::none())
      .def(
          "outputs",
          [](const EventOutputsProblem& p, const Array& x, std::uint64_t events, std::uint32_t step,
             const std::optional<Array>& reference) {
            const std::vector<double> design = to_vector(x, "a design");
            const tasks::EventOutputOptions o = options_of(events, step, reference);
            tasks::EventOutputs r;
            {
              py::gil_scoped_release release;
              r = p.study->event_outputs(design, o);
            }
            if (r.names.empty()) {
              PyErr_SetString(PyExc_NotImplementedError,
                              ("the task \"" + p.study->common().task + "\" has no per-event outputs yet").c_str());
              throw py::error_already_set();
            }
            py::dict out;  // insertion order: the columns' order
            for (std::size_t c = 0; c < r.names.size(); ++c)
              out[py::str(r.names[c])] = column_array(std::move(r.columns[c]), r.events, r.widths[c]);
            return out;
          },
          py::arg("x"), py::arg("events"), py::arg("step") = 0, py::arg("reference") = py::none())
      .def(
          "vjp",
          [](const EventOutputsProblem& p, const Array& x, std::uint64_t events, std::uint32_t step,
             const std::optional<Array>& reference, const py::dict& cotangents) {
            const std::vector<double> design = to_vector(x, "a design");
            const tasks::EventOutputOptions o = options_of(events, step, reference);
            tasks::EventOutputs d;
            d.events = events;
            for (const auto& [key, value] : cotangents) {
              const Array a = py::cast<Array>(value);
              d.names.push_back(py::cast<std::string>(key));
              d.widths.push_back(a.ndim() == 2 ? std::size_t(a.shape(1)) : 1);
              if (a.ndim() < 1 || a.ndim() > 2 || std::uint64_t(a.shape(0)) != events)
                throw std::invalid_argument("the cotangent of \"" + d.names.back() + "\" is not one row per event (" +
                                            std::to_string(events) + ")");
              d.columns.emplace_back(a.data(), a.data() + a.size());
            }
            std::vector<double> gradient;
            {
              py::gil_scoped_release release;
              gradient = p.study->event_outputs_vjp(design, o, d);
            }
            if (gradient.empty()) {
              PyErr_SetString(PyExc_NotImplementedError,
                              ("the task \"" + p.study->common().task + "\" has no per-event outputs yet").c_str());
              throw py::error_already_set();
            }
            const std::uint64_t n = gradient.size();
            return column_array(std::move(gradient), n, 1);
          },
          py::arg("x"), py::arg("events"), py::arg("step"), py::arg("reference"), py::arg("cotangents"));
}

}  // namespace detgrad::python
