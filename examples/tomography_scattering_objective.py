#!/usr/bin/env python3
"""A user-written tomography objective on per-muon scattering angles, optimised through the
engine's per-muon adjoint (docs/python.md, "Per-event outputs").

    PYTHONPATH=build/python /usr/bin/python3 examples/tomography_scattering_objective.py \
        configs/tomography/hello_world.json --steps 20 --muons 20000

The objective is written here in PyTorch, not in the engine: the expected fraction of muons
whose scattering is resolved above the measurement noise,
    F = mean over muons of  P_usable * theta^2 / (theta^2 + var_theta_x + var_theta_y),
with theta the fitted space angle and var_theta_* the fits' angle variances. The panels'
heights move (the other parameters stay): wider lever arms shrink the variances, and lose
acceptance. Each step draws new muons (step k of the random numbers); F is compared before
and after on one fixed set of muons.
"""
import argparse

import torch

import detgrad
import detgrad.torch


def objective(study, design, muons, step):
    """-F (to minimise) from the engine's per-muon outputs, differentiable in `design`."""
    out = detgrad.torch.event_outputs(study, design, muons, step=step)
    theta2 = out["theta_space_rad"] ** 2
    noise = out["var_theta_x_rad2"] + out["var_theta_y_rad2"]
    usable = out["usable"] > 0          # unusable muons have all outputs 0 (no fit)
    resolved = torch.where(usable, theta2 / (theta2 + noise).clamp_min(1e-30), torch.zeros_like(theta2))
    return -(out["usable_weight"] * resolved).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--muons", type=int, default=20000, help="muons per step")
    parser.add_argument("--rate", type=float, default=0.01, help="Adam's step in the panels' heights, m")
    args = parser.parse_args()

    study = detgrad.Study(args.study)
    spec = detgrad.Design(study)
    design = torch.tensor(spec.values, requires_grad=True)
    heights = torch.tensor([g == "panel_z" for g in spec.groups], dtype=torch.float64)  # what moves
    optimizer = torch.optim.Adam([design], lr=args.rate)
    check_step = 1_000_000  # a step number the loop never uses: the same muons before and after

    with torch.no_grad():
        before = objective(study, design, args.muons, check_step).item()
    for step in range(args.steps):
        optimizer.zero_grad()
        loss = objective(study, design, args.muons, step)
        loss.backward()                  # the engine's per-muon adjoint, cotangents from torch
        design.grad *= heights
        optimizer.step()
        detgrad.torch.project_(study, design)  # the bounds and the panels' least gap
        print("step %d: -F %.6f" % (step, loss.item()))
    with torch.no_grad():
        after = objective(study, design, args.muons, check_step).item()
    print("resolved fraction on fixed muons: %.6f -> %.6f" % (-before, -after))
    for name, value in zip(spec.names, design.detach().tolist()):
        if name.endswith(".z_m"):
            print("  %s = %.4f m" % (name, value))
    assert after < before, "the objective did not improve"


if __name__ == "__main__":
    main()
