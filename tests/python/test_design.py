"""A task's design as a named, ordered vector: names as in history.csv, units, groups, bounds;
read, set, project; the loss and gradient at a design."""
import csv

import numpy as np
import pytest

import detgrad
from conftest import small_study


def test_the_design_lists_every_parameter_of_every_task(task):
    design = detgrad.Design(small_study(task))
    n = len(design)
    assert n > 0
    assert len(set(design.names)) == n
    assert len(design.units) == n and len(design.groups) == n
    assert design.values.shape == (n,) and design.values.dtype == np.float64
    assert np.all(design.lower <= design.values) and np.all(design.values <= design.upper)
    groups = {g["group"] for g in design.problem.groups}
    assert set(design.groups) <= groups


def test_the_names_are_those_of_history_csv(task, tmp_path):
    study = detgrad.Study(small_study(task, steps=1))
    detgrad.optimize(study, tmp_path / "run", backend="cpu")
    with open(tmp_path / "run" / "history.csv") as f:
        header = next(csv.reader(f))
    design = detgrad.Design(study)
    first = header.index(design.names[0])
    assert header[first:first + len(design)] == design.names
    assert header[first + len(design):first + 2 * len(design)] == ["grad_" + n for n in design.names]


def test_values_are_read_and_set_by_name(task):
    design = detgrad.Design(small_study(task))
    name = design.names[-1]
    design[name] = design[name] + 1e-3
    assert design.values[-1] == design.initial()[-1] + 1e-3
    assert design.as_dict()[name] == design[name]
    with pytest.raises(KeyError, match="not a design parameter"):
        design["no_such_parameter"]
    with pytest.raises(ValueError):
        design.values = np.zeros(len(design) + 1)


def test_projection_clamps_to_the_bounds():
    design = detgrad.Design(small_study("tomography"))
    i = design.index("above_0.efficiency")
    design["above_0.efficiency"] = 7.0
    design["below_0.sigma_m"] = -1.0
    projected = design.project()
    assert projected[i] == design.upper[i] == 1.0
    assert design["below_0.sigma_m"] == design.lower[design.index("below_0.sigma_m")]


def test_the_tasks_own_constraints_are_applied():
    # SWGO keeps its units apart (a least distance): two units 0.1 m apart are pushed apart.
    design = detgrad.Design(small_study("swgo"))
    design["unit[1].x"] = design["unit[0].x"] + 0.1
    design["unit[1].y"] = design["unit[0].y"]

    def distance(values):
        dx = values[design.index("unit[1].x")] - values[design.index("unit[0].x")]
        dy = values[design.index("unit[1].y")] - values[design.index("unit[0].y")]
        return float(np.hypot(dx, dy))

    assert distance(design.project()) >= 4.42 - 1e-9  # tanks: 2 x 1.91 m + 0.6 m (swgo_config.hpp)


def test_the_loss_uses_common_random_numbers(task):
    design = detgrad.Design(small_study(task))
    loss0, gradient0, terms = design.loss(step=0)
    again, gradient_again, _ = design.loss(step=0)
    assert loss0 == again and np.array_equal(gradient0, gradient_again)
    assert gradient0.shape == (len(design),)
    assert np.isfinite(loss0) and np.all(np.isfinite(gradient0))
    other, _, _ = design.loss(step=1)
    if task == "calorimeter":
        # Its loss is the response model's, calibrated once and deterministic: no step's
        # events in it (docs/calorimeter.md, "The response model during a run").
        assert other == loss0
    else:
        assert other != loss0  # another step, other events
    assert isinstance(terms, dict)
