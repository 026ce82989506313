"""detgrad as PyTorch autograd functions: the engine's forward pass gives the loss, its
adjoint pass the gradient (docs/python.md, "detgrad.torch").

    import torch, detgrad, detgrad.torch
    study = detgrad.Study("configs/tomography/hello_world.json")
    design = torch.tensor(detgrad.Design(study).values, requires_grad=True)
    optimizer = torch.optim.Adam([design], lr=0.01)
    for step in range(10):
        optimizer.zero_grad()
        loss = detgrad.torch.loss(study, design, events=20000, step=step)
        loss.backward()
        optimizer.step()
        detgrad.torch.project_(study, design)
"""
import numpy as _np
import torch as _torch

from . import _detgrad, _study, default_threads as _default_threads

# Importing torch sets OpenMP's thread count (shared with the engine) to torch's choice, one
# thread on a 2-core machine: the engine's passes would run on it. Back to the default.
_detgrad.set_threads(_default_threads())

__all__ = ["loss", "last_terms", "double_loss", "double_loss_design", "project_", "EngineOptimizer",
           "event_outputs"]


def _as_numpy(design):
    if design.dim() != 1:
        raise ValueError("a design is a 1-d tensor, got shape %s" % (tuple(design.shape),))
    return design.detach().to("cpu", _torch.float64).contiguous().numpy()


class _EngineLoss(_torch.autograd.Function):
    """The engine's optimisation loss: forward and adjoint run together in forward (one call
    of the task's evaluate); backward scales the stored gradient by the incoming cotangent."""

    @staticmethod
    def forward(ctx, design, problem, step, events):
        value, gradient, terms = problem.evaluate(_as_numpy(design), step, events)
        ctx.save_for_backward(_torch.from_numpy(gradient).to(design.device, design.dtype))
        ctx.mark_non_differentiable()
        out = design.new_tensor(value)
        _EngineLoss.last_terms = terms
        return out

    @staticmethod
    def backward(ctx, cotangent):
        (gradient,) = ctx.saved_tensors
        return cotangent * gradient, None, None, None


def loss(study, design, *, events=None, seed=None, step=0, backend=None):
    """The engine's optimisation loss of `study` at `design` (a 1-d tensor in the order of
    detgrad.Design(study).names) as a differentiable 0-d tensor of the design's dtype.

    events: events of the pass (default: the study's events per step); seed: overrides the
    study's seed; step: the optimisation step, part of the random-number counter (the same
    step gives the same events: common random numbers). The pass runs on the study's backend
    (or `backend`), in the task's optimisation precision (tomography and MUonE: float on the
    CPU and GPU; SWGO's expected errors: double on the CPU). Pass a detgrad.Study, not a path,
    so that the task is built once. The loss terms of the last call are in
    detgrad.torch.last_terms()."""
    problem = _study(study).problem(seed, backend)
    return _EngineLoss.apply(design, problem, int(step), events)


def last_terms():
    """The named loss terms and diagnostics of the last loss() forward pass (a dict)."""
    return dict(getattr(_EngineLoss, "last_terms", {}))


class _DoubleLoss(_torch.autograd.Function):
    @staticmethod
    def forward(ctx, design, check):
        x = _as_numpy(design)
        ctx.at_reference = bool(_np.array_equal(x, check.x))
        value = check.loss if ctx.at_reference else check.loss_at(x)
        ctx.gradient = _torch.from_numpy(check.gradient).to(design.device, design.dtype)
        return design.new_tensor(value)

    @staticmethod
    def backward(ctx, cotangent):
        if not ctx.at_reference:
            raise RuntimeError("detgrad.torch.double_loss: the adjoint gradient is computed at the study's design "
                               "only (the check's reference design); evaluate it there")
        return cotangent * ctx.gradient, None


def double_loss(study, design, *, events=None, seed=None):
    """The loss `detgrad gradcheck` checks: double precision, CPU, common random numbers with
    everything held at the study's design (the reference). Forward works at any design;
    backward (the engine's adjoint) at the study's design only, which is what
    torch.autograd.gradcheck needs. events: default the task's gradcheck events."""
    s = _study(study)
    key = ("double", events, seed)
    if key not in s._problems:
        s._problems[key] = _detgrad.GradientProblem(s._handle, events, seed)
    return _DoubleLoss.apply(design, s._problems[key])


def double_loss_design(study, *, events=None, seed=None, dtype=_torch.float64):
    """The study's design as a tensor for double_loss (requires_grad set)."""
    s = _study(study)
    key = ("double", events, seed)
    if key not in s._problems:
        s._problems[key] = _detgrad.GradientProblem(s._handle, events, seed)
    return _torch.tensor(s._problems[key].x, dtype=dtype, requires_grad=True)


class _EventOutputs(_torch.autograd.Function):
    """A task's per-event outputs: forward runs the per-event forward code, backward the
    per-event adjoint with the cotangents torch gives (a vector-Jacobian product onto the
    design), each event replayed with the same random numbers."""

    @staticmethod
    def forward(ctx, design, problem, events, step, reference, names):
        x = _as_numpy(design)
        ref = x if reference is None else reference
        columns = problem.outputs(x, events, step, ref)
        names.extend(columns)
        ctx.problem, ctx.x, ctx.ref, ctx.events, ctx.step = problem, x, ref, events, step
        ctx.names = list(columns)
        ctx.device, ctx.dtype = design.device, design.dtype
        ctx.set_materialize_grads(False)
        return tuple(_torch.from_numpy(a).to(design.device, design.dtype) for a in columns.values())

    @staticmethod
    def backward(ctx, *cotangents):
        d = {name: g.detach().to("cpu", _torch.float64).contiguous().numpy()
             for name, g in zip(ctx.names, cotangents) if g is not None}
        gradient = ctx.problem.vjp(ctx.x, ctx.events, ctx.step, ctx.ref, d) if d else _np.zeros_like(ctx.x)
        return _torch.from_numpy(gradient).to(ctx.device, ctx.dtype), None, None, None, None, None


def event_outputs(study, design, events, *, step=0, seed=None, reference=None):
    """Per-event quantities of `study`'s first `events` events at `design` (a 1-d tensor in the
    order of detgrad.Design(study).names) as a dict {name: tensor of the design's dtype and
    device}, shape (events,) or (events, width), whose backward runs the task's per-event
    adjoint with the cotangents torch gives: a user-written objective of these tensors gets
    its gradient with respect to the design through the engine.

    Computed in double on the CPU with the random numbers of `step` (common random numbers).
    reference: the design (array or tensor) at which the parts of a step the optimisation
    holds fixed are taken (tomography: the transport's reference planes; SWGO: the cores'
    disc); default the design itself, which is what an optimisation step does (the gradient
    is then the one with those parts held). Columns that do not depend on the design (truth,
    masks) get a zero gradient. See docs/python.md for each task's columns."""
    s = _study(study)
    problem = s.outputs_problem(seed)
    ref = None if reference is None else (
        _as_numpy(reference) if isinstance(reference, _torch.Tensor) else _np.ascontiguousarray(reference, _np.float64))
    if int(events) < 1:
        raise ValueError("events must be at least 1")
    names = []
    tensors = _EventOutputs.apply(design, problem, int(events), int(step), ref, names)
    return dict(zip(names, tensors))


def project_(study, design, *, seed=None, backend=None):
    """Projects `design` in place onto its bounds and the task's constraints (what
    `detgrad optimize` does after each step); returns it."""
    problem = _study(study).problem(seed, backend)
    with _torch.no_grad():
        design.copy_(_torch.from_numpy(problem.project(_as_numpy(design))))
    return design


class EngineOptimizer(_torch.optim.Optimizer):
    """The engine's own optimiser (Adam or SGD, the study's step sizes per group, update
    limits, frozen groups, schedule, box bounds and the task's projection) as a torch
    optimiser of one design tensor: the same arithmetic as `detgrad optimize`, so a loop of
    detgrad.torch.loss and this optimiser gives that command's designs bit for bit.

    step(loss=...) takes the step's loss value (its NaN guard rolls the step back when the loss
    or the gradient is not finite); a closure may be given instead."""

    def __init__(self, params, study, *, steps=None, seed=None, backend=None):
        params = list(params)
        if len(params) != 1:
            raise ValueError("EngineOptimizer moves one design tensor")
        super().__init__(params, {})
        problem = _study(study).problem(seed, backend)
        self._engine = _detgrad.EngineOptimizer(problem, steps)
        self.last_report = None

    @_torch.no_grad()
    def step(self, closure=None, loss=None):
        if closure is not None:
            with _torch.enable_grad():
                loss = closure()
        design = self.param_groups[0]["params"][0]
        if design.grad is None:
            raise RuntimeError("EngineOptimizer.step: the design has no gradient (call backward first)")
        value = float(loss) if loss is not None else 0.0
        x, report = self._engine.step(_as_numpy(design), _as_numpy(design.grad), value)
        design.copy_(_torch.from_numpy(x))
        self.last_report = report
        return loss

    def engine_state(self):
        """The engine optimiser's state (what a checkpoint holds) as a dict."""
        return self._engine.state()
