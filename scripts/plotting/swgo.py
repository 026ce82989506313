"""Plots of an SWGO run: the layout at steps 1, 50, 150, 300 and the end (as the paper's
convergence figure), the utility terms per step, and the resolutions against energy of the
initial and final layouts."""
import os

from plotting.common import RunError, read_json, save

README = """layouts.png      the units' (x, y) at steps 1, 50, 150, 300 (those the run has) and the final
                 layout, one panel each, same scale.
utility.png      the optimisation-mode utility and its terms U_IR and U_PR per step (thin) and
                 their running mean over 20 steps (thick).
resolution.png   (when the run has evaluation.json) the energy resolution (rms of ln E_fit -
                 ln E) and the 68 % containment angle of gamma showers against energy, for the
                 initial and the final layout in evaluation mode.
"""


def units_at(header, history, row):
    """[(x, y)] of every unit in history row `row`."""
    xs = [c for c in header if c.startswith("unit[") and c.endswith("].x")]
    return [(history[c][row], history[c[:-1] + "y"][row]) for c in xs]


def plot_layouts(run_dir, header, history, plt, path):
    steps = history["step"]
    panels = []
    for wanted in (1, 50, 150, 300):  # the history's rows are counted from step 0
        if wanted <= len(steps):
            panels.append((f"step {wanted}", units_at(header, history, wanted - 1)))
    final = os.path.join(run_dir, "layout_final.json")
    if os.path.isfile(final):
        panels.append(("final", [tuple(u) for u in read_json(final)["units"]]))
    if not panels:
        raise RunError(f"{run_dir}: no layouts in history.csv")
    allx = [x for _, units in panels for x, _ in units]
    ally = [y for _, units in panels for _, y in units]
    half = 0.55 * max(max(allx) - min(allx), max(ally) - min(ally), 1.0)
    cx, cy = (max(allx) + min(allx)) / 2, (max(ally) + min(ally)) / 2
    fig, axs = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3.5), squeeze=False)
    for ax, (label, units) in zip(axs[0], panels):
        ax.scatter([u[0] for u in units], [u[1] for u in units], s=6)
        ax.set_xlim(cx - half, cx + half)
        ax.set_ylim(cy - half, cy + half)
        ax.set_aspect("equal")
        ax.set_title(f"{label} ({len(units)} units)", fontsize="small")
        ax.set_xlabel("x [m]")
    axs[0][0].set_ylabel("y [m]")
    save(fig, path, plt)


def running_mean(values, width):
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= width:
            total -= values[i - width]
        out.append(total / min(i + 1, width))
    return out


def plot_utility(history, plt, path):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for n, term in enumerate(("utility", "U_IR", "U_PR")):
        if term not in history:
            continue
        ax.plot(history["step"], history[term], lw=0.5, color=f"C{n}", alpha=0.5)
        ax.plot(history["step"], running_mean(history[term], 20), lw=2, color=f"C{n}", label=term)
    ax.set_xlabel("step")
    ax.set_ylabel("optimisation-mode utility")
    ax.legend(fontsize="small")
    save(fig, path, plt)


def plot_resolution(evaluation, plt, path):
    fig, axs = plt.subplots(1, 2, figsize=(9, 3.8))
    for which in ("initial", "final"):
        bins = [b for b in evaluation[which]["resolution"] if b["showers"] > 0]
        energy = [(b["energy_min_PeV"] * b["energy_max_PeV"]) ** 0.5 for b in bins]
        axs[0].plot(energy, [b["energy_rms"] for b in bins], "o-", label=which)
        axs[1].plot(energy, [b["angle68_deg"] for b in bins], "o-", label=which)
    for ax, name in zip(axs, ("rms of ln E_fit - ln E", "68 % angle [deg]")):
        ax.set_xscale("log")
        ax.set_xlabel("E [PeV]")
        ax.set_ylabel(name)
        ax.legend(fontsize="small")
    save(fig, path, plt)


def plot(run_dir, study, header, history, plt, out):
    made = []
    plot_layouts(run_dir, header, history, plt, os.path.join(out, "layouts.png"))
    made.append("layouts.png")
    plot_utility(history, plt, os.path.join(out, "utility.png"))
    made.append("utility.png")
    evaluation = os.path.join(run_dir, "evaluation.json")
    if os.path.isfile(evaluation):
        plot_resolution(read_json(evaluation), plt, os.path.join(out, "resolution.png"))
        made.append("resolution.png")
    return made
