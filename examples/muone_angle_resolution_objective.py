#!/usr/bin/env python3
"""A user-written MUonE objective on the per-event predicted angle variances, optimised
through the engine's per-event adjoint (docs/python.md, "Per-event outputs").

    PYTHONPATH=build/python /usr/bin/python3 examples/muone_angle_resolution_objective.py \
        configs/muone/default.json --steps 20 --events 20000

The engine gives, per elastic event, its weight W (cross-section x target x smooth
acceptance) and the predicted variances of the electron's and the muon's angles; the
objective is written here in PyTorch: the accepted-weighted mean relative error of the
muon's angle at large q2, where the muon's angle carries the q2 information,
    R = sum_events W [q2 > q2_cut] V_mu / theta_mu^2 / sum_events W [q2 > q2_cut],
which the station's modules' heights along the beam (z) change. torch's Adam moves them; the
engine's projection keeps them in order, apart and inside the station. R is compared before
and after on one fixed set of events.
"""
import argparse

import torch

import detgrad
import detgrad.torch


def objective(study, design, events, step, q2_cut):
    out = detgrad.torch.event_outputs(study, design, events, step=step)
    high = (out["q2_GeV2"] > q2_cut).to(design.dtype)      # truth: no gradient
    w = out["weight"] * high
    relative = out["var_theta_mu_rad2"] / out["theta_mu_rad"] ** 2
    return (w * relative).sum() / w.sum()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--events", type=int, default=20000, help="events per step")
    parser.add_argument("--rate", type=float, default=0.01, help="Adam's step in the modules' z, m")
    parser.add_argument("--q2-cut", type=float, default=0.05, help="GeV^2")
    args = parser.parse_args()

    study = detgrad.Study(args.study)
    spec = detgrad.Design(study)
    design = torch.tensor(spec.values, requires_grad=True)
    moving = torch.tensor([g == "module_z" for g in spec.groups], dtype=torch.float64)
    optimizer = torch.optim.Adam([design], lr=args.rate)
    check_step = 1_000_000  # a step the loop never uses: the same events before and after

    with torch.no_grad():
        before = objective(study, design, args.events, check_step, args.q2_cut).item()
    for step in range(args.steps):
        optimizer.zero_grad()
        loss = objective(study, design, args.events, step, args.q2_cut)
        loss.backward()                 # the engine's per-event adjoint and side models' adjoint
        design.grad *= moving
        optimizer.step()
        detgrad.torch.project_(study, design)
        print("step %d: R %.6g" % (step, loss.item()))
    with torch.no_grad():
        after = objective(study, design, args.events, check_step, args.q2_cut).item()
    print("muon-angle relative variance on fixed events: %.6g -> %.6g" % (before, after))
    assert after < before, "the objective did not improve"


if __name__ == "__main__":
    main()
