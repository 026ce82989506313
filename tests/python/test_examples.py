"""The examples in examples/ run on a small study of every task."""
import json
import os
import subprocess
import sys

from conftest import SOURCE, small_study


def run_example(task, tmp_path, *extra):
    path = tmp_path / "study.json"
    path.write_text(json.dumps(small_study(task)))
    return subprocess.run([sys.executable, str(SOURCE / "examples" / "torch_optimize.py"), str(path),
                           "--steps", "2", *extra], capture_output=True, text=True, env=dict(os.environ))


def test_torch_optimize_example_with_torch_adam(task, tmp_path):
    run = run_example(task, tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("step 0: loss ") and lines[1].startswith("step 1: loss ")
    assert lines[-1].startswith("final layout in evaluation mode:")


def test_torch_optimize_example_with_the_engines_adam(tmp_path):
    run = run_example("muone", tmp_path, "--engine-adam")
    assert run.returncode == 0, run.stderr
    assert "final layout in evaluation mode:" in run.stdout


def run_script(script, task, tmp_path, *extra):
    path = tmp_path / "study.json"
    path.write_text(json.dumps(small_study(task)))
    return subprocess.run([sys.executable, str(SOURCE / "examples" / script), str(path), *extra],
                          capture_output=True, text=True, env=dict(os.environ))


def test_tomography_scattering_objective_example_improves_its_objective(tmp_path):
    # The example asserts that its objective improved on a fixed set of muons.
    run = run_script("tomography_scattering_objective.py", "tomography", tmp_path, "--steps", "6", "--muons", "3000")
    assert run.returncode == 0, run.stderr
    last = [line for line in run.stdout.splitlines() if line.startswith("resolved fraction on fixed muons:")]
    before, after = (float(v) for v in last[0].split(":")[1].split("->"))
    assert after > before


def test_swgo_unit_counts_network_example_lowers_its_loss(tmp_path):
    # The example asserts that the cross-entropy fell on fixed showers and that the layout moved.
    run = run_script("swgo_unit_counts_network.py", "swgo", tmp_path, "--steps", "10", "--showers", "60")
    assert run.returncode == 0, run.stderr
    last = [line for line in run.stdout.splitlines() if line.startswith("cross-entropy on fixed showers:")]
    assert last and "units moved by up to 0.000 m" not in last[0]


def test_muone_angle_resolution_objective_example_improves_its_objective(tmp_path):
    # The example asserts that its objective improved on a fixed set of events.
    run = run_script("muone_angle_resolution_objective.py", "muone", tmp_path, "--steps", "8", "--events", "3000")
    assert run.returncode == 0, run.stderr
    last = [line for line in run.stdout.splitlines() if line.startswith("muon-angle relative variance on fixed events:")]
    before, after = (float(v) for v in last[0].split(":")[1].split("->"))
    assert after < before
