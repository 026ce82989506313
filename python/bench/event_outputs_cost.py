#!/usr/bin/env python3
"""The cost of per-event outputs and their VJP against the plain loss step (bench/RESULTS.md,
"Per-event outputs"), timed in one process, interleaved, medians over repetitions:

  loss      DesignProblem.evaluate: the task's optimisation step (forward and adjoint passes,
            the study's optimisation precision: tomography float, SWGO double)
  outputs   detgrad.event_outputs (double, CPU)
  vjp       detgrad.event_outputs_vjp with a cotangent on every output column
  torch     detgrad.torch.event_outputs forward + backward of a scalar of every column

and whether the per-event arrays reach numpy and torch without a copy.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/event_outputs_cost.py STUDY [--events N] [--repeat 5]
"""
import argparse
import statistics
import time

import numpy as np
import torch

import detgrad
import detgrad.torch


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("study")
    parser.add_argument("--events", type=int, default=None, help="default: the study's events per step")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    study = detgrad.Study(args.study)
    spec = detgrad.Design(study)
    x = spec.values
    n = args.events or spec.problem.events_per_step
    out = detgrad.event_outputs(study, x, n)
    cot = {k: np.ones_like(v) for k, v in out.items()}
    design = torch.tensor(x, requires_grad=True)

    def torch_step():
        t = detgrad.torch.event_outputs(study, design, n)
        sum(v.sum() for v in t.values()).backward()

    paths = {"loss": lambda: spec.problem.evaluate(x, 0, n),
             "outputs": lambda: detgrad.event_outputs(study, x, n),
             "vjp": lambda: detgrad.event_outputs_vjp(study, x, n, cot),
             "torch": torch_step}
    times = {k: [] for k in paths}
    for _ in range(args.repeat):
        for k, f in paths.items():
            times[k].append(timed(f))
    print("study %s, %d %s, %d threads, %d design parameters" % (study.name, n, study.event_noun, detgrad.threads(), len(x)))
    base = statistics.median(t[0] for t in times["loss"])
    base_cpu = statistics.median(t[1] for t in times["loss"])
    for k in paths:
        wall = statistics.median(t[0] for t in times[k])
        cpu = statistics.median(t[1] for t in times[k])
        print("%-8s wall %.4f s (%.2f x loss)  process CPU %.4f s (%.2f x loss)" % (k, wall, wall / base, cpu, cpu / base_cpu))

    # Copies: the arrays own no memory of their own (they hold the engine's std::vector), and
    # torch.from_numpy shares it; detgrad.torch's tensors of a float64 CPU design are the arrays.
    a = out[next(iter(out))]
    print("numpy array owns its data: %s (base %s)" % (a.flags.owndata, type(a.base).__name__))
    t = detgrad.torch.event_outputs(study, design, n)
    name = next(iter(t))
    fresh = detgrad.event_outputs(study, x, n)[name]
    print("torch tensor shares numpy's memory: %s" % (torch.from_numpy(fresh).data_ptr() == fresh.ctypes.data))
    big = np.empty(sum(v.size for v in out.values()))
    wall = min(timed(lambda: np.concatenate([v.ravel() for v in out.values()], out=big))[0] for _ in range(5))
    print("a copy of all columns (%.1f MB) would take %.4f s" % (big.nbytes / 1e6, wall))


if __name__ == "__main__":
    main()
