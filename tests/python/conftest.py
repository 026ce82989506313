"""Shared helpers of the Python module's tests: small studies of every task, built from the
repository's configs with few events so that each test runs in seconds."""
import os
import pathlib

import pytest

import detgrad

SOURCE = pathlib.Path(os.environ.get("DETGRAD_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BINARY = os.environ.get("DETGRAD_BINARY")
TASKS = ["tomography", "swgo", "muone", "calorimeter"]


def config(relative):
    return SOURCE / "configs" / relative


def small_study(task, **optimization):
    """A study of `task` as a dict: the repository's small config with few events."""
    if task == "tomography":
        study = detgrad.Study(config("tomography/hello_world.json")).resolved()
        study["muons"] = 2000
        study["output"] = {"save_muons": 100}
        study["optimization"] = {"steps": 3, "muons_per_step": 2000, "evaluation_events": 2000,
                                 "checkpoint_every": 1, "layout_every": 3}
    elif task == "swgo":
        study = detgrad.Study(config("swgo/default.json")).resolved()
        study["swgo"]["layout"] = {"generator": {"shape": "hexagonal", "units": 61, "spacing_m": 15.0,
                                                 "centre_m": [500.0, 300.0]}}
        study["swgo"]["showers"] = 100
        study["swgo"]["template_showers"] = 100
        study["optimization"] = {"steps": 3, "events_per_step": 60, "evaluation_events": 20,
                                 "step_size": {"unit_xy": 1.0}, "checkpoint_every": 1, "layout_every": 3}
    elif task == "muone":
        study = detgrad.Study(config("muone/default.json")).resolved()
        study["events"] = 2000
        study["save_events"] = 100
        study["optimization"] = {"steps": 3, "events_per_step": 2000, "evaluation_events": 2000,
                                 "checkpoint_every": 1, "layout_every": 3}
    elif task == "calorimeter":
        study = detgrad.Study(config("calorimeter/default.json")).resolved()
        study["showers"] = 20
        study["save_showers"] = 5
        study["optimization"] = {"steps": 3, "events_per_step": 20, "evaluation_events": 20,
                                 "checkpoint_every": 1, "layout_every": 3}
    else:
        raise ValueError(task)
    for key, value in optimization.items():
        study["optimization"][key] = value
    return study


@pytest.fixture(params=TASKS)
def task(request):
    return request.param
