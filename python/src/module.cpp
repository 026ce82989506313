// The Python module detgrad._detgrad (the package python/detgrad wraps it): studies, the
// CLI's commands, and a task's design as a vector with its loss, adjoint gradient,
// projection and the engine's optimiser. No task's code here: every task of the registry
// is reached through TaskStudy and OptimizationProblem.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <omp.h>

#include "commands.hpp"
#include "design_problem.hpp"
#include "event_outputs_binding.hpp"
#include "detgrad/core/error.hpp"
#include "json_convert.hpp"
#include "study_handle.hpp"

namespace py = pybind11;
using namespace detgrad;
using namespace detgrad::python;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A 1-d array that owns the vector's storage (moved, not copied).
py::array_t<double> to_array(std::vector<double> values) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>({owned->size()}, {sizeof(double)}, owned->data(), free_when_done);
}

std::vector<double> to_vector(const Array& a) {
  if (a.ndim() != 1) throw std::invalid_argument("a design is a 1-d array of doubles");
  return std::vector<double>(a.data(), a.data() + a.size());
}

Overrides overrides(std::optional<std::uint64_t> events, std::optional<std::uint64_t> seed,
                    std::optional<std::uint64_t> save_events, std::optional<std::string> backend,
                    std::optional<std::uint32_t> steps) {
  if (events && *events == 0) throw std::invalid_argument("events must be at least 1");
  if (steps && *steps == 0) throw std::invalid_argument("steps must be at least 1");
  if (backend && *backend != "auto" && *backend != "cpu" && *backend != "cuda")
    throw std::invalid_argument("backend \"" + *backend + "\" is not one of auto, cpu, cuda");
  return Overrides{events, save_events, seed, backend, steps, false};
}

py::dict report_dict(const optimize::StepReport& r) {
  py::dict out;
  out["step"] = r.step;
  out["rolled_back"] = r.rolled_back;
  out["message"] = r.message;
  py::dict rates, largest;
  for (const optimize::GroupStepReport& g : r.groups) {
    rates[py::str(g.group)] = g.rate;
    largest[py::str(g.group)] = g.largest_update;
  }
  out["rates"] = rates;
  out["largest_update"] = largest;
  out["clamped_by_bounds"] = r.clamped_by_bounds;
  out["limited_by_max_update"] = r.limited_by_max_update;
  return out;
}

// The engine's optimiser bound to its problem (the task's projection after each step).
struct EngineOptimizer {
  std::shared_ptr<DesignProblem> problem;
  optimize::Optimizer optimizer;
};

// A study's gradient-check problem, kept with the study it was made from.
struct CheckProblem {
  std::unique_ptr<tasks::TaskStudy> study;
  optimize::GradientProblem problem;
};

}  // namespace

PYBIND11_MODULE(_detgrad, m) {
  m.doc() = "detgrad engine binding (use the package detgrad)";

  // StudyError(message) with .path, the JSON path (or file) the message is about.
  static py::handle study_error = PyErr_NewExceptionWithDoc(
      "detgrad.StudyError", "A problem with a study: .path is the JSON path (or file) it is about.", PyExc_ValueError,
      nullptr);
  static py::handle backend_error = PyErr_NewExceptionWithDoc(
      "detgrad.BackendError", "A requested backend or device that is not usable.", PyExc_RuntimeError, nullptr);
  m.add_object("StudyError", study_error);
  m.add_object("BackendError", backend_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StudyError& e) {
      py::object error = py::reinterpret_borrow<py::object>(study_error)(e.what());
      error.attr("path") = e.path();
      PyErr_SetObject(study_error.ptr(), error.ptr());
    } catch (const BackendError& e) {
      PyErr_SetString(backend_error.ptr(), e.what());
    }
  });

  // The engine's CPU threads (OpenMP). Importing torch sets OpenMP's thread count to torch's
  // own choice (one thread on a 2-core machine), which the engine's passes then use too:
  // detgrad.torch sets it back (docs/python.md).
  m.def("threads", [] { return omp_get_max_threads(); });
  m.def(
      "set_threads",
      [](int n) {
        if (n < 1) throw std::invalid_argument("threads must be at least 1");
        omp_set_num_threads(n);
      },
      py::arg("n"));

  py::class_<StudyHandle>(m, "Study")
      .def_static("from_file", &StudyHandle::from_file, py::arg("path"))
      .def_static("from_dict",
                  [](const py::dict& d, const std::string& source) { return StudyHandle::from_json(to_json(d), source); },
                  py::arg("study"), py::arg("source") = "<dict>")
      .def_property_readonly("source", &StudyHandle::source)
      .def_property_readonly("name", [](const StudyHandle& s) { return s.study().common().name; })
      .def_property_readonly("task", [](const StudyHandle& s) { return s.study().common().task; })
      .def_property_readonly("seed", [](const StudyHandle& s) { return s.study().common().seed; })
      .def_property_readonly("event_noun", [](const StudyHandle& s) { return s.study().event_noun(); })
      .def("describe", [](const StudyHandle& s) { return s.study().describe(); })
      .def("resolved", [](const StudyHandle& s) { return to_python(s.study().to_json()); })
      .def("source_json", [](const StudyHandle& s) { return to_python(s.json()); });

  m.def("validate", [](const StudyHandle& s) { return to_python(validate_study(s)); }, py::arg("study"));
  m.def(
      "simulate",
      [](const StudyHandle& s, const std::string& out, std::optional<std::uint64_t> events,
         std::optional<std::uint64_t> seed, std::optional<std::uint64_t> save_events, std::optional<std::string> backend) {
        return to_python(simulate_study(s, out, overrides(events, seed, save_events, backend, std::nullopt)));
      },
      py::arg("study"), py::arg("out"), py::arg("events"), py::arg("seed"), py::arg("save_events"), py::arg("backend"));
  m.def(
      "event_table",
      [](const StudyHandle& s, std::optional<std::uint64_t> events, std::optional<std::uint64_t> seed,
         std::optional<std::string> backend) {
        tasks::EventTable table = event_table_of(s, events, overrides(std::nullopt, seed, std::nullopt, backend, std::nullopt));
        py::dict out;  // insertion order: the columns' order
        for (std::size_t c = 0; c < table.names.size(); ++c)
          out[py::str(table.names[c])] = to_array(std::move(table.columns[c]));
        return out;
      },
      py::arg("study"), py::arg("events"), py::arg("seed"), py::arg("backend"));
  m.def(
      "evaluate",
      [](const StudyHandle& s, const py::object& layout, const std::string& layout_name,
         std::optional<std::uint64_t> events, std::optional<std::uint64_t> seed, std::optional<std::string> backend) {
        const nlohmann::json l = layout.is_none() ? nlohmann::json(nullptr) : to_json(layout, "layout");
        return to_python(evaluate_study(s, l, layout_name, events,
                                        overrides(std::nullopt, seed, std::nullopt, backend, std::nullopt)));
      },
      py::arg("study"), py::arg("layout"), py::arg("layout_name"), py::arg("events"), py::arg("seed"),
      py::arg("backend"));
  m.def(
      "gradcheck",
      [](const StudyHandle& s, std::optional<std::uint64_t> events, std::optional<std::uint64_t> seed, double tolerance) {
        return to_python(gradcheck_study(s, events, overrides(std::nullopt, seed, std::nullopt, std::nullopt, std::nullopt),
                                         tolerance));
      },
      py::arg("study"), py::arg("events"), py::arg("seed"), py::arg("tolerance"));
  m.def(
      "optimize",
      [](const StudyHandle& s, const std::string& out, std::optional<std::uint32_t> steps, bool resume,
         std::optional<std::uint64_t> seed, std::optional<std::string> backend, bool plots) {
        return to_python(optimize_study(s, out, resume, plots, overrides(std::nullopt, seed, std::nullopt, backend, steps)));
      },
      py::arg("study"), py::arg("out"), py::arg("steps"), py::arg("resume"), py::arg("seed"), py::arg("backend"),
      py::arg("plots"));
  m.def(
      "scan",
      [](const StudyHandle& s, const std::vector<std::tuple<std::string, double, double, int>>& params,
         const std::string& out, std::optional<std::uint64_t> events, std::optional<std::uint64_t> seed,
         std::optional<std::string> backend, bool plots) {
        std::vector<ScanAxis> axes;
        for (const auto& [name, start, stop, points] : params) axes.push_back({name, start, stop, points});
        return to_python(
            scan_study(s, axes, out, events, plots, overrides(std::nullopt, seed, std::nullopt, backend, std::nullopt)));
      },
      py::arg("study"), py::arg("params"), py::arg("out"), py::arg("events"), py::arg("seed"), py::arg("backend"),
      py::arg("plots"));

  py::class_<DesignProblem, std::shared_ptr<DesignProblem>>(m, "DesignProblem")
      .def(py::init([](const StudyHandle& s, std::optional<std::uint64_t> seed, std::optional<std::string> backend) {
             const Overrides o = overrides(std::nullopt, seed, std::nullopt, backend, std::nullopt);
             py::gil_scoped_release release;  // building a task may read tables or make templates
             return std::make_shared<DesignProblem>(s, o);
           }),
           py::arg("study"), py::arg("seed"), py::arg("backend"))
      .def_property_readonly("parameters",
                             [](const DesignProblem& p) {
                               py::list out;
                               for (const optimize::ParameterSpec& s : p.parameters()) {
                                 py::dict d;
                                 d["name"] = s.name;
                                 d["unit"] = s.unit;
                                 d["group"] = s.group;
                                 d["lower"] = s.lower;
                                 d["upper"] = s.upper;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("groups",
                             [](const DesignProblem& p) {
                               py::list out;
                               for (const optimize::GroupSettings& g : p.groups()) {
                                 py::dict d;
                                 d["group"] = g.group;
                                 d["step_size"] = g.step_size;
                                 d["max_update"] = g.max_update;
                                 d["frozen"] = g.frozen;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("events_per_step", &DesignProblem::events_per_step)
      .def_property_readonly("steps", &DesignProblem::steps)
      .def_property_readonly("backend", &DesignProblem::backend_name)
      .def("initial", [](const DesignProblem& p) { return to_array(p.initial()); })
      .def(
          "evaluate",
          [](const DesignProblem& p, const Array& x, std::uint32_t step, std::optional<std::uint64_t> events) {
            const std::vector<double> design = to_vector(x);
            optimize::StepEvaluation e;
            {
              py::gil_scoped_release release;
              e = p.evaluate(design, step, events.value_or(p.events_per_step()));
            }
            py::dict terms;
            for (const auto& [name, value] : e.terms) terms[py::str(name)] = value;
            return py::make_tuple(e.loss, to_array(std::move(e.gradient)), terms);
          },
          py::arg("x"), py::arg("step") = 0, py::arg("events") = py::none())
      .def("project", [](const DesignProblem& p, const Array& x) { return to_array(p.project(to_vector(x))); },
           py::arg("x"))
      .def("layout", [](const DesignProblem& p, const Array& x) { return to_python(p.layout(to_vector(x))); },
           py::arg("x"));

  // The loss `detgrad gradcheck` checks (double, CPU, common random numbers held at the
  // study's design): its gradient at the study's design and its value anywhere.
  py::class_<CheckProblem, std::shared_ptr<CheckProblem>>(m, "GradientProblem")
      .def(py::init([](const StudyHandle& s, std::optional<std::uint64_t> events, std::optional<std::uint64_t> seed) {
             Overrides o = overrides(std::nullopt, seed, std::nullopt, std::nullopt, std::nullopt);
             auto out = std::make_shared<CheckProblem>();
             out->study = s.read(o);
             if (events && *events == 0) throw std::invalid_argument("events must be at least 1");
             const std::uint64_t n = events.value_or(out->study->default_gradcheck_events());
             py::gil_scoped_release release;
             out->problem = out->study->gradient_problem(n);
             return out;
           }),
           py::arg("study"), py::arg("events") = py::none(), py::arg("seed") = py::none())
      .def_property_readonly("x", [](const CheckProblem& c) { return to_array(c.problem.x); })
      .def_property_readonly("loss", [](const CheckProblem& c) { return c.problem.loss; })
      .def_property_readonly("gradient", [](const CheckProblem& c) { return to_array(c.problem.gradient); })
      .def_property_readonly("names",
                             [](const CheckProblem& c) {
                               std::vector<std::string> names;
                               for (const optimize::ParameterSpec& s : c.problem.parameters) names.push_back(s.name);
                               return names;
                             })
      .def(
          "loss_at",
          [](const CheckProblem& c, const Array& x) {
            const std::vector<double> design = to_vector(x);
            if (design.size() != c.problem.x.size())
              throw std::invalid_argument("the design has " + std::to_string(design.size()) + " values, this study " +
                                          std::to_string(c.problem.x.size()) + " parameters");
            py::gil_scoped_release release;
            return c.problem.loss_at(design);
          },
          py::arg("x"));

  bind_event_outputs(m);

  py::class_<EngineOptimizer>(m, "EngineOptimizer")
      .def(py::init([](std::shared_ptr<DesignProblem> p, std::optional<std::uint32_t> steps) {
             return EngineOptimizer{p, p->make_optimizer(steps.value_or(p->steps()))};
           }),
           py::arg("problem"), py::arg("steps") = py::none())
      .def(
          "step",
          [](EngineOptimizer& o, const Array& x, const Array& gradient, double loss) {
            std::vector<double> design = to_vector(x);
            const optimize::StepReport r = o.problem->step(o.optimizer, design, to_vector(gradient), loss);
            return py::make_tuple(to_array(std::move(design)), report_dict(r));
          },
          py::arg("x"), py::arg("gradient"), py::arg("loss"))
      .def_property_readonly("accepted_steps", [](const EngineOptimizer& o) { return o.optimizer.accepted_steps(); })
      .def("state", [](const EngineOptimizer& o) { return to_python(o.optimizer.state()); });
}
