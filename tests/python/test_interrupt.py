"""Ctrl-C from Python: optimize() stops after the current step with a checkpoint, raises
KeyboardInterrupt and leaves Python's own SIGINT handler in place; a pass run with the GIL
released ends, then KeyboardInterrupt is raised."""
import json
import os
import signal
import threading
import time

import pytest

import detgrad
from conftest import small_study


def interrupt_after(seconds):
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def interrupt_when_running(history, timeout=300.0):
    """SIGINT once the loop has written its first row (its stop flag is then installed)."""
    stop = threading.Event()

    def watch():
        deadline = time.monotonic() + timeout
        while not stop.is_set() and time.monotonic() < deadline:
            if history.exists() and history.read_text().count("\n") >= 3:
                os.kill(os.getpid(), signal.SIGINT)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return stop


def test_ctrl_c_stops_optimize_after_a_step_with_a_checkpoint(tmp_path):
    study = detgrad.Study(small_study("tomography", steps=100000, checkpoint_every=100000, layout_every=100000))
    stop = interrupt_when_running(tmp_path / "run" / "history.csv")
    try:
        with pytest.raises(KeyboardInterrupt, match="checkpoint"):
            detgrad.optimize(study, tmp_path / "run", backend="cpu")
    finally:
        stop.set()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    checkpoint = json.loads((tmp_path / "run" / "checkpoint.json").read_text())
    stopped = checkpoint["next_step"]
    assert 1 <= stopped < 100000
    # The run continues from the checkpoint.
    r = detgrad.optimize(study, tmp_path / "run", steps=stopped + 1, resume=True, backend="cpu")
    assert r["steps_done"] == stopped + 1


def test_ctrl_c_during_a_pass_raises_when_the_pass_returns():
    study = detgrad.Study(small_study("tomography"))
    timer = interrupt_after(0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            for _ in range(1000):
                detgrad.evaluate(study, events=20000, backend="cpu")
    finally:
        timer.cancel()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
