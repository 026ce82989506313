"""torch.autograd.gradcheck (double) on the engine's adjoint gradient, a small study of every
task.

The design is probed in relative coordinates, x = x0 + scale * u with scale = max(|x0|, 1e-6)
and u = 0 the checked point (as the engine's own check steps relative to each value: a
panel's resolution of 1e-4 m and a position of 500 m take steps of the same relative size).
Tolerances: rtol 1e-4, the engine's gradcheck tolerance (DESIGN.md); atol 1e-6 of the largest
derivative, below which the engine calls a derivative negligible and does not judge it."""
import torch

import detgrad
import detgrad.torch
from conftest import small_study


def relative(x0):
    scale = torch.clamp(x0.abs(), min=1e-6)
    return scale, torch.zeros_like(x0, requires_grad=True)


def test_gradcheck_of_the_double_precision_loss(task):
    study = detgrad.Study(small_study(task))
    x0 = detgrad.torch.double_loss_design(study).detach()
    scale, u = relative(x0)
    loss = lambda u: detgrad.torch.double_loss(study, x0 + scale * u)  # noqa: E731
    largest = torch.autograd.grad(loss(u), u)[0].abs().max().item()
    assert largest > 0
    assert torch.autograd.gradcheck(loss, (u,), eps=1e-7, atol=1e-6 * largest, rtol=1e-4)


def test_the_double_precision_loss_has_its_gradient_at_the_studys_design_only():
    study = detgrad.Study(small_study("muone"))
    x = detgrad.torch.double_loss_design(study).detach() * 1.001
    x.requires_grad_(True)
    try:
        detgrad.torch.double_loss(study, x).backward()
        raised = False
    except RuntimeError as e:
        raised = "study's design only" in str(e)
    assert raised


def test_the_loss_is_a_scalar_of_the_designs_dtype_and_scales_the_cotangent():
    study = detgrad.Study(small_study("muone"))
    design = torch.tensor(detgrad.Design(study).values, dtype=torch.float32, requires_grad=True)
    loss = detgrad.torch.loss(study, design, backend="cpu")
    assert loss.dim() == 0 and loss.dtype == torch.float32
    (3.0 * loss).backward()
    _, gradient, _ = detgrad.Design(study).problem.evaluate(design.detach().double().numpy(), 0, None)
    assert torch.equal(design.grad, 3.0 * torch.from_numpy(gradient).float())
