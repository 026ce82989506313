#!/usr/bin/env python3
"""The binding's overhead on an optimisation step of the hello world (bench/RESULTS.md,
"Python module"): per step, the same work as bench/optimization_step_bench's
BM_OptimizationStepCpu/hello_world/<muons> (TomographyOptimization::evaluate, the engine's Adam step,
the task's projection), timed three ways in one process:

  engine   DesignProblem.evaluate + EngineOptimizer.step on numpy arrays (the C++ calls with
           the binding's argument conversion only)
  torch    detgrad.torch.loss forward + backward + detgrad.torch.EngineOptimizer.step on a
           torch tensor (what a torch user runs)

Wall and process CPU seconds per step, median over repetitions, runs interleaved so that a
busy machine disturbs both alike.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/torch_step_overhead.py [--muons 100000] [--steps 10] [--repeat 5]
"""
import argparse
import os
import statistics
import time

import torch

import detgrad
import detgrad.torch


def timed(function, steps):
    wall, cpu = time.perf_counter(), time.process_time()
    for step in range(steps):
        function(step)
    return (time.perf_counter() - wall) / steps, (time.process_time() - cpu) / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", default=os.path.join(os.path.dirname(__file__), "..", "..", "configs", "tomography",
                                                        "hello_world.json"))
    parser.add_argument("--muons", type=int, default=100000)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    study = detgrad.Study(args.study)
    problem = study.problem(None, "cpu")
    x = problem.initial()
    engine = detgrad._detgrad.EngineOptimizer(problem)

    def engine_step(step):
        nonlocal x
        loss, gradient, _ = problem.evaluate(x, step, args.muons)
        x, _ = engine.step(x, gradient, loss)

    design = torch.tensor(problem.initial(), requires_grad=True)
    optimizer = detgrad.torch.EngineOptimizer([design], study, backend="cpu")

    def torch_step(step):
        optimizer.zero_grad()
        loss = detgrad.torch.loss(study, design, events=args.muons, step=step, backend="cpu")
        loss.backward()
        optimizer.step(loss=loss)

    engine_step(0)  # warm-up: threads, first-touch memory
    torch_step(0)
    results = {"engine": [], "torch": []}
    for _ in range(args.repeat):
        results["engine"].append(timed(engine_step, args.steps))
        results["torch"].append(timed(torch_step, args.steps))
    print("hello world, %d muons per step, %d engine threads, %d x %d steps" % (args.muons, detgrad.threads(),
                                                                         args.repeat, args.steps))
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print("%-7s wall %.4f s/step  cpu %.4f s/step  (wall per run: %s)" % (
            name, wall, cpu, " ".join("%.4f" % r[0] for r in runs)))
    e = statistics.median(r[0] for r in results["engine"])
    t = statistics.median(r[0] for r in results["torch"])
    print("torch / engine wall: %.4f" % (t / e))


if __name__ == "__main__":
    main()
