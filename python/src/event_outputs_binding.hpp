#pragma once
// detgrad._detgrad.EventOutputs: a task's per-event outputs at a design and their
// vector-Jacobian product (TaskStudy::event_outputs, event_outputs_vjp), for
// detgrad.torch.event_outputs. No task's code: every task is reached through TaskStudy.
#include <pybind11/pybind11.h>

namespace detgrad::python {

void bind_event_outputs(pybind11::module_& m);

}  // namespace detgrad::python
