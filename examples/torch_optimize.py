#!/usr/bin/env python3
"""A PyTorch optimiser drives the detgrad engine: each step's loss is the engine's forward
pass, its gradient the engine's adjoint pass (docs/python.md).

    PYTHONPATH=build/python /usr/bin/python3 examples/torch_optimize.py configs/tomography/hello_world.json \
        --steps 20 --events 100000

Any task's study works (tomography, SWGO, MUonE): nothing below knows the task.
"""
import argparse

import torch

import detgrad
import detgrad.torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--events", type=int, default=None, help="events per step (default: the study's)")
    parser.add_argument("--engine-adam", action="store_true",
                        help="the engine's own Adam (the study's step sizes per group), not torch.optim.Adam")
    args = parser.parse_args()

    study = detgrad.Study(args.study)          # read and validated as the command line does
    spec = detgrad.Design(study)               # names, units, groups, bounds, initial values
    design = torch.tensor(spec.values, requires_grad=True)

    if args.engine_adam:
        optimizer = detgrad.torch.EngineOptimizer([design], study)
    else:
        # One torch parameter group per engine group, at the study's step sizes; frozen groups
        # (optimization.frozen) are left out of the optimiser.
        groups = []
        for g in spec.problem.groups:
            if g["frozen"]:
                continue
            mask = torch.tensor([group == g["group"] for group in spec.groups])
            groups.append((mask, g["step_size"]))
        optimizer = torch.optim.Adam([design], lr=1.0)  # the rates are applied per group below

    for step in range(args.steps):
        optimizer.zero_grad()
        # Forward: the engine's pass over this step's events (the step is part of the
        # random-number counter). Backward: the engine's adjoint gradient.
        loss = detgrad.torch.loss(study, design, events=args.events, step=step)
        loss.backward()
        if args.engine_adam:
            optimizer.step(loss=loss)
        else:
            # Adam with lr 1 moves each parameter by about 1 at first: scale each group's
            # update by its step size, then keep the design on its bounds and constraints.
            before = design.detach().clone()
            optimizer.step()
            with torch.no_grad():
                update = design - before
                scaled = torch.zeros_like(update)
                for mask, size in groups:
                    scaled[mask] = update[mask] * size
                design.copy_(before + scaled)
            detgrad.torch.project_(study, design)
        print("step %d: loss %.6g" % (step, loss.item()))

    layout = spec.problem.layout(design.detach().numpy())
    result = detgrad.evaluate(study, layout)
    print("final layout in evaluation mode: %s %.6g +- %.2g" % (result["figure_name"], result["figure"],
                                                                 result["figure_error"]))


if __name__ == "__main__":
    main()
