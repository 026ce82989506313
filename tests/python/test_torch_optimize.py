"""A torch optimiser drives the engine: detgrad.torch.loss's forward and backward are the
engine's passes, and N optimiser steps give the designs of `detgrad optimize`
(history.csv): bit for bit with the engine's own optimiser (detgrad.torch.EngineOptimizer),
and within rounding with torch.optim.Adam."""
import csv
import json
import os
import pathlib
import subprocess

import numpy as np
import torch

import detgrad
import detgrad.torch
from conftest import BINARY, small_study


def cli_optimize(study, tmp_path):
    """`detgrad optimize` of the study: every row of history.csv (design before the step, loss)."""
    binary = BINARY or str(pathlib.Path(detgrad.__file__).resolve().parents[2] / "detgrad")
    path = tmp_path / "study.json"
    path.write_text(json.dumps(study))
    subprocess.run([binary, "optimize", str(path), "--out", str(tmp_path / "cli"), "--backend", "cpu"],
                   check=True, capture_output=True, env=dict(os.environ))
    with open(tmp_path / "cli" / "history.csv") as f:
        rows = list(csv.DictReader(f))
    final = json.loads((tmp_path / "cli" / "layout_final.json").read_text())
    return rows, final


def test_engine_optimizer_loop_equals_detgrad_optimize_bitwise(task, tmp_path):
    config = small_study(task)
    rows, final_layout = cli_optimize(config, tmp_path)
    study = detgrad.Study(config)
    names = detgrad.Design(study).names
    design = torch.tensor(detgrad.Design(study).values, requires_grad=True)
    optimizer = detgrad.torch.EngineOptimizer([design], study, backend="cpu")
    for step, row in enumerate(rows):
        before = [float(row[n]) for n in names]
        assert design.detach().numpy().tolist() == before, "step %d" % step
        optimizer.zero_grad()
        loss = detgrad.torch.loss(study, design, step=step, backend="cpu")
        assert loss.item() == float(row["loss"])
        loss.backward()
        assert design.grad.numpy().tolist() == [float(row["grad_" + n]) for n in names]
        optimizer.step(loss=loss)
        assert not optimizer.last_report["rolled_back"]
    assert study.problem(None, "cpu").layout(design.detach().numpy()) == final_layout


def test_torch_adam_matches_detgrad_optimize_within_rounding(tmp_path):
    # torch.optim.Adam([design]) has one rate and one eps: the panels' heights move, every
    # other group is frozen (the engine does not move them; torch gets a zero gradient there).
    config = small_study("tomography", frozen=["panel_xy", "panel_span", "panel_sigma", "panel_efficiency"],
                         steps=4)
    rows, _ = cli_optimize(config, tmp_path)
    study = detgrad.Study(config)
    spec = detgrad.Design(study)
    moving = torch.tensor([g == "panel_z" for g in spec.groups])
    design = torch.tensor(spec.values, requires_grad=True)
    adam = torch.optim.Adam([design], lr=0.01, betas=(0.9, 0.999))
    worst = 0.0
    for step, row in enumerate(rows):
        engine = np.array([float(row[n]) for n in spec.names])
        worst = max(worst, float(np.max(np.abs(design.detach().numpy() - engine))))
        adam.zero_grad()
        detgrad.torch.loss(study, design, step=step, backend="cpu").backward()
        with torch.no_grad():
            design.grad[~moving] = 0.0
        if step == 0:
            # The engine's eps is relative to the group's gradient scale G (mean |g| over the
            # group at its first non-zero gradient): 1e-12 G, torch's is absolute.
            adam.param_groups[0]["eps"] = 1e-12 * design.grad[moving].abs().mean().item()
        adam.step()
        detgrad.torch.project_(study, design, backend="cpu")
    # Algebraically the same update, in another order of operations (torch: lr / (1 - b1^t)
    # times m / (sqrt(v) / sqrt(1 - b2^t) + eps)): the updates differ by rounding, and each
    # x + dx can then round to a neighbouring double. Bound: 2 units in the last place of the
    # largest value per step; a wrong rate, eps, bias correction or projection would differ by
    # far more (a step is 1e-2).
    bound = 2 * len(rows) * np.spacing(np.max(np.abs(spec.values)))
    assert worst <= bound, (worst, bound)


def test_importing_detgrad_torch_keeps_the_engines_threads():
    # torch's import sets OpenMP's thread count; detgrad.torch sets it back to the default.
    assert detgrad.threads() == detgrad.default_threads()
