"""Every command of the CLI from Python, on a small study of every task: results as dicts,
the same files as the command line writes."""
import csv
import json

import pytest

import detgrad
from conftest import small_study


def test_simulate_writes_the_run_directory_and_returns_the_summary(task, tmp_path):
    study = detgrad.Study(small_study(task))
    summary = detgrad.simulate(study, tmp_path / "run", backend="cpu")
    assert summary["task"] == task
    assert summary["backend"] == "cpu"
    assert summary["wall_seconds"] >= 0
    on_disk = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert on_disk == summary
    written = detgrad.Study(tmp_path / "run" / "study.json").resolved()
    assert written.pop("backend") == "cpu"  # the call's override
    expected = study.resolved()
    expected.pop("backend")
    assert written == expected


def test_simulate_overrides_the_events_and_the_seed(tmp_path):
    study = detgrad.Study(small_study("tomography"))
    summary = detgrad.simulate(study, tmp_path / "run", events=300, seed=5, backend="cpu")
    assert summary["muons_generated"] == 300
    assert summary["seed"] == 5


# Events of the evaluations and gradient checks: few, so that the tests stay quick.
EVENTS = {"tomography": 2000, "swgo": 100, "muone": 2000, "calorimeter": 20}


def test_evaluate_gives_the_figure_with_its_error(task):
    study = detgrad.Study(small_study(task))
    r = detgrad.evaluate(study, events=EVENTS[task], backend="cpu")
    assert r["figure_name"]
    assert r["figure_error"] > 0
    assert r["lines"]
    assert isinstance(r["evaluation"], dict)
    # The same events and seed give the same figure; another seed another one.
    assert detgrad.evaluate(study, events=EVENTS[task], backend="cpu")["figure"] == r["figure"]
    assert detgrad.evaluate(study, events=EVENTS[task], backend="cpu", seed=99)["figure"] != r["figure"]


def test_evaluate_reads_a_layout_dict_and_refuses_a_wrong_one(tmp_path):
    study = detgrad.Study(small_study("tomography"))
    design = detgrad.Design(study)
    layout = design.layout()
    assert detgrad.evaluate(study, layout, events=2000)["figure"] == detgrad.evaluate(study, events=2000)["figure"]
    (tmp_path / "layout.json").write_text(json.dumps(layout))
    assert detgrad.evaluate(study, tmp_path / "layout.json", events=2000)["figure"] == \
        detgrad.evaluate(study, events=2000)["figure"]
    with pytest.raises(detgrad.StudyError):
        detgrad.evaluate(study, {"panels": "none"}, events=2000)


def test_gradcheck_passes_on_a_small_study_of_every_task(task):
    r = detgrad.gradcheck(detgrad.Study(small_study(task)), events=EVENTS[task])
    assert r["events"] == EVENTS[task]
    assert r["task"] == task
    assert r["passed"], [p for p in r["parameters"] if not p["passed"]]
    assert len(r["parameters"]) == len(detgrad.Design(small_study(task)))
    judged = [p for p in r["parameters"] if not p["negligible"]]
    assert judged and all(p["relative_error"] <= r["tolerance"] for p in judged)


def test_optimize_runs_the_loop_and_writes_the_run(task, tmp_path):
    study = detgrad.Study(small_study(task))
    r = detgrad.optimize(study, tmp_path / "run", backend="cpu")
    assert r["steps_done"] == 3 and not r["interrupted"]
    assert len(r["design"]) == len(detgrad.Design(study))
    assert set(r["evaluation"]) == {"initial", "final"}
    assert json.loads((tmp_path / "run" / "layout_final.json").read_text()) == r["layout"]
    with open(tmp_path / "run" / "history.csv") as f:
        rows = list(csv.DictReader(f))
    assert [int(row["step"]) for row in rows] == [0, 1, 2]
    assert float(rows[0]["loss"]) == r["first_loss"] and float(rows[2]["loss"]) == r["last_loss"]
    # A second run into the same directory is refused; resume continues it.
    with pytest.raises(detgrad.StudyError):
        detgrad.optimize(study, tmp_path / "run", backend="cpu")
    more = detgrad.optimize(study, tmp_path / "run", steps=4, resume=True, backend="cpu")
    assert more["steps_done"] == 4


def test_scan_evaluates_a_grid(tmp_path):
    study = detgrad.Study(small_study("tomography"))
    design = detgrad.Design(study)
    grid = []
    for name in ("above_1.z_m", "below_1.z_m"):
        i = design.index(name)
        grid.append((name, max(design.lower[i], design[name] - 0.01), min(design.upper[i], design[name] + 0.01)))
    (a, a0, a1), (b, b0, b1) = grid
    r = detgrad.scan(study, {a: (a0, a1, 3)}, tmp_path / "scan", events=1000)
    assert [p[a] for p in r["points"]] == [a0 + (a1 - a0) * i / 2 for i in range(3)]
    assert r["axes"][0]["unit"] == "m"
    assert json.loads((tmp_path / "scan" / "scan.json").read_text()) == r
    assert (tmp_path / "scan" / "scan.csv").read_text().startswith(a + ",figure,figure_error")
    two = detgrad.scan(study, ["%s=%r:%r:2" % (a, a0, a1), "%s=%r:%r:2" % (b, b0, b1)], tmp_path / "scan2", events=1000)
    assert len(two["points"]) == 4
    with pytest.raises(ValueError, match="not a design parameter"):
        detgrad.scan(study, {"no_such": (0, 1, 2)}, tmp_path / "scan3")
    with pytest.raises(ValueError, match="outside"):
        detgrad.scan(study, {a: (design.upper[design.index(a)] + 1.0, 100.0, 2)}, tmp_path / "scan4")


def test_event_table_gives_the_per_event_csv_columns_as_numpy_arrays(tmp_path):
    import numpy as np
    study = detgrad.Study(small_study("tomography"))
    table = detgrad.event_table(study, 100, backend="cpu")
    detgrad.simulate(study, tmp_path / "run", events=100, save_events=100, backend="cpu")
    with open(tmp_path / "run" / "muons.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(table) == list(rows[0].keys())
    assert all(column.shape == (100,) and column.dtype == np.float64 for column in table.values())
    for name in ("momentum_GeV", "entry_x_m", "below_3_slope_y"):
        # muons.csv holds floats written with their shortest form; empty where there is no value.
        written = np.array([float(row[name]) if row[name] else np.nan for row in rows])
        assert np.array_equal(table[name].astype(np.float32), written.astype(np.float32), equal_nan=True), name
    assert table["event"].tolist() == list(range(100))


def test_event_table_of_muone_matches_events_csv(tmp_path):
    import numpy as np
    study = detgrad.Study(small_study("muone"))
    table = detgrad.event_table(study, 50)
    detgrad.simulate(study, tmp_path / "run", events=50, save_events=50, backend="cpu")
    with open(tmp_path / "run" / "events.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(table) == list(rows[0].keys())
    for name in ("q2_true_GeV2", "theta_e_rad", "sigma_q2_GeV2"):
        written = np.array([float(row[name]) if row[name] else np.nan for row in rows])
        # events.csv has 9 significant digits.
        assert np.allclose(table[name], written, rtol=1e-8, atol=0, equal_nan=True), name


def test_event_table_of_a_task_without_one():
    with pytest.raises(NotImplementedError, match="swgo"):
        detgrad.event_table(detgrad.Study(small_study("swgo")), 10)
