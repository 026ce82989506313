"""Per-event outputs as differentiable tensors (detgrad.event_outputs, event_outputs_vjp,
detgrad.torch.event_outputs): every task with outputs, the engine's vector-Jacobian product
against central finite differences with common random numbers, in double.

The check: a random cotangent w on every column that depends on the design (scaled by the
column's root mean square), the scalar
f(x) = sum_columns sum_events w * output(x) with the step's held parts (reference) fixed at
the study's design, its derivative along each design parameter from central differences
against the VJP's entry. The design is probed in relative steps (h = 1e-6 max(|x|, 1e-3)),
as the engine's gradient check does, a panel's resolution (1e-4 m) in steps of 1e-3 of its
value (it moves the hits by sigma x noise, and the PoCA of nearly parallel fits turns steps
of 1e-9 m into rounding noise of up to 1e-3 of a muon's derivative); tolerances are the engine's (rtol 1e-4, atol 1e-6 of
the largest entry)."""
import numpy as np
import pytest
import torch

import detgrad
import detgrad.torch
from conftest import config, small_study

# Columns that do not depend on the design (truth, masks): their cotangents are ignored.
CONSTANT = {"tomography": {"usable", "beta_momentum_GeV"},
            "swgo": {"primary", "core_x_m", "core_y_m", "theta_rad", "phi_rad", "energy_PeV"},
            "muone": {"bin", "q2_GeV2", "theta_e_rad", "theta_mu_rad", "depth_fraction"}}
EVENTS = {"tomography": 2000, "swgo": 40, "muone": 2000}


def small(task):
    return detgrad.Study(small_study(task))


def scalar(columns, weights):
    return sum(float(np.sum(weights[name] * columns[name])) for name in weights)


@pytest.mark.parametrize("task", ["tomography", "swgo", "muone"])
def test_vjp_matches_central_differences(task):
    study = small(task)
    x0 = detgrad.Design(study).values
    n = EVENTS[task]
    columns = detgrad.event_outputs(study, x0, n, step=1, reference=x0)
    rng = np.random.default_rng(7)
    # Scaled by each column's root mean square, so that every column weighs alike (the
    # variances, ~1e-8 rad^2, as much as the positions).
    weights = {name: rng.normal(size=a.shape) / np.sqrt(np.mean(a ** 2))
               for name, a in columns.items() if name not in CONSTANT[task]}
    assert len(weights) >= 5
    vjp = detgrad.event_outputs_vjp(study, x0, n, weights, step=1, reference=x0)
    assert vjp.shape == x0.shape
    names = detgrad.Design(study).names
    fd = np.zeros_like(x0)
    for i in range(len(x0)):
        h = 1e-3 * abs(x0[i]) if names[i].endswith(".sigma_m") else 1e-6 * max(abs(x0[i]), 1e-3)
        up, down = x0.copy(), x0.copy()
        up[i] += h
        down[i] -= h
        f_up = scalar(detgrad.event_outputs(study, up, n, step=1, reference=x0), weights)
        f_down = scalar(detgrad.event_outputs(study, down, n, step=1, reference=x0), weights)
        fd[i] = (f_up - f_down) / (2 * h)
    largest = np.abs(fd).max()
    assert largest > 0
    bad = np.abs(vjp - fd) > 1e-6 * largest + 1e-4 * np.abs(fd)
    assert not bad.any(), [(detgrad.Design(study).names[i], vjp[i], fd[i]) for i in np.flatnonzero(bad)]


@pytest.mark.parametrize("task", ["tomography", "swgo", "muone"])
def test_torch_backward_is_the_engines_vjp(task):
    study = small(task)
    x0 = detgrad.Design(study).values
    n = EVENTS[task]
    design = torch.tensor(x0, requires_grad=True)
    out = detgrad.torch.event_outputs(study, design, n, step=2)
    name = {"tomography": "theta_space_rad", "swgo": "expected_muons", "muone": "var_theta_e_rad2"}[task]
    assert out[name].dtype == torch.float64 and out[name].shape[0] == n
    (out[name] ** 2).sum().backward()
    expected = detgrad.event_outputs_vjp(study, x0, n, {name: 2 * out[name].detach().numpy()}, step=2)
    assert torch.equal(design.grad, torch.from_numpy(expected))
    assert design.grad.abs().max() > 0


def test_outputs_are_the_same_on_any_number_of_threads():
    study = small("tomography")
    x0 = detgrad.Design(study).values
    threads = detgrad.threads()
    try:
        detgrad.set_threads(1)
        one = detgrad.event_outputs(study, x0, 3000)
        g_one = detgrad.event_outputs_vjp(study, x0, 3000, {"weight": one["poca_z_m"]})
        detgrad.set_threads(2)
        two = detgrad.event_outputs(study, x0, 3000)
        g_two = detgrad.event_outputs_vjp(study, x0, 3000, {"weight": two["poca_z_m"]})
    finally:
        detgrad.set_threads(threads)
    assert all(np.array_equal(one[k], two[k]) for k in one)
    assert np.array_equal(g_one, g_two)


def test_swgo_columns_have_one_row_per_shower_and_unit():
    study = small("swgo")
    x0 = detgrad.Design(study).values
    out = detgrad.event_outputs(study, x0, 30)
    assert out["expected_em"].shape == (30, 61) and out["trigger_probability"].shape == (30,)
    assert set(np.unique(out["primary"])) <= {0.0, 1.0}
    assert (out["expected_em"] > 0).all() and (out["expected_muons"] > 0).all()


def test_bad_cotangents_and_tasks_without_outputs():
    study = small("tomography")
    x0 = detgrad.Design(study).values
    with pytest.raises(ValueError, match="no per-muon output named"):
        detgrad.event_outputs_vjp(study, x0, 10, {"theta": np.zeros(10)})
    with pytest.raises(ValueError, match="one row per event"):
        detgrad.event_outputs_vjp(study, x0, 10, {"weight": np.zeros(9)})
    with pytest.raises(ValueError, match="parameters"):
        detgrad.event_outputs(study, x0[:-1], 10)
    calorimeter = detgrad.Study(config("calorimeter/default.json"))  # a task without per-event outputs
    with pytest.raises(NotImplementedError, match="calorimeter"):
        detgrad.event_outputs(calorimeter, detgrad.Design(calorimeter).values, 10)
