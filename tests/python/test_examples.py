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
