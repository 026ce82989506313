#!/usr/bin/env python3
"""A small neural network on SWGO's per-unit counts, trained jointly with the array layout
through the engine's per-shower adjoint (docs/python.md, "Per-event outputs").

    PYTHONPATH=build/python /usr/bin/python3 examples/swgo_unit_counts_network.py \
        configs/swgo/default.json --steps 30 --showers 200

The engine gives, per shower of a step, every unit's expected e/gamma and muon counts
(functions of the units' x and y); the rest is written here in PyTorch: Poisson-like
fluctuations (Gaussian, reparameterised, so they stay differentiable), a network that
tells gamma from proton showers from the counts, and a cross-entropy loss. One optimiser
moves the network's weights and the units' positions together; the engine's projection keeps
the units apart and on the site after every step. The loss is compared before and after on
one fixed set of showers.
"""
import argparse

import torch

import detgrad
import detgrad.torch


class CountsNetwork(torch.nn.Module):
    """Features per unit (log counts of both species), a shared per-unit layer, a sum over
    the units (the order of the units does not matter), and a small head to a logit."""

    def __init__(self, width=16):
        super().__init__()
        self.unit = torch.nn.Sequential(torch.nn.Linear(2, width), torch.nn.Tanh())
        self.head = torch.nn.Sequential(torch.nn.Linear(width, width), torch.nn.Tanh(), torch.nn.Linear(width, 1))

    def forward(self, em, muons):
        features = torch.stack([torch.log1p(em), torch.log1p(muons)], dim=-1)  # (showers, units, 2)
        return self.head(self.unit(features).mean(dim=1)).squeeze(-1)


def shower_loss(study, design, network, showers, step):
    out = detgrad.torch.event_outputs(study, design, showers, step=step)
    noise = torch.Generator().manual_seed(step)
    def fluctuate(mean):  # counts ~ mean + sqrt(mean) z, z standard normal, drawn per step
        return (mean + mean.sqrt() * torch.randn(mean.shape, generator=noise, dtype=mean.dtype)).clamp_min(0)
    logits = network(fluctuate(out["expected_em"]), fluctuate(out["expected_muons"]))
    is_proton = out["primary"]  # 0 gamma, 1 proton: the truth (no gradient)
    return torch.nn.functional.binary_cross_entropy_with_logits(logits, is_proton)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--showers", type=int, default=200, help="showers per step")
    parser.add_argument("--layout-rate", type=float, default=1.0, help="Adam's step in the units' x and y, m")
    args = parser.parse_args()

    torch.manual_seed(1)
    study = detgrad.Study(args.study)
    design = torch.tensor(detgrad.Design(study).values, requires_grad=True)  # x0, y0, x1, ...
    start = design.detach().clone()
    network = CountsNetwork().double()
    optimizer = torch.optim.Adam([{"params": network.parameters(), "lr": 0.01},
                                  {"params": [design], "lr": args.layout_rate}])
    check_step = 1_000_000  # a step the loop never uses: the same showers before and after

    with torch.no_grad():
        before = shower_loss(study, design, network, args.showers, check_step).item()
    for step in range(args.steps):
        optimizer.zero_grad()
        loss = shower_loss(study, design, network, args.showers, step)
        loss.backward()            # the network's gradient by torch, the layout's by the engine
        optimizer.step()
        detgrad.torch.project_(study, design)
        print("step %d: loss %.5f, |d loss/d layout| %.3g" % (step, loss.item(), design.grad.norm().item()))
    with torch.no_grad():
        after = shower_loss(study, design, network, args.showers, check_step).item()
    moved = (design.detach() - start).abs().max().item()
    print("cross-entropy on fixed showers: %.5f -> %.5f; units moved by up to %.3f m" % (before, after, moved))
    assert after < before, "the loss did not decrease"
    assert moved > 0, "the layout did not move"


if __name__ == "__main__":
    main()
