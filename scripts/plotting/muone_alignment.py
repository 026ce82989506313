"""Plots of a MUonE alignment (`detgrad align ... --out DIR`): the residuals and pulls per module
with the nominal and the aligned geometry (alignment_residuals.csv), the pull distributions
(alignment_pull_histograms.csv) and, when the data came with the simulation's truth, the
fitted minus the true value of every parameter with its uncertainty
(alignment_truth_comparison.csv)."""
import math
import os

from plotting.common import RunError, read_csv_rows, save

README = """alignment_residuals.png  per module (and the target's depth row): mean residual with the rms
                         as the bar (um; the target row in mm), and the pulls' mean and rms,
                         nominal geometry (grey) against the aligned one (red).
alignment_pulls.png      distribution of the whitened residuals' pulls over all modules, nominal
                         and aligned, against a unit normal (pulls beyond +-5 in the edge bins).
alignment_truth.png      (with truth) fitted minus true (the truth in the fit's gauge) per
                         parameter kind, with the fit's uncertainty as the bar.
"""

STAGES = (("nominal", "grey"), ("aligned", "crimson"))


def plot_residuals(rows, plt, path):
    modules = list(dict.fromkeys(r["module"] for r in rows))
    fig, (ax_res, ax_pull) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    for shift, (stage, colour) in zip((-0.15, 0.15), STAGES):
        by_module = {r["module"]: r for r in rows if r["stage"] == stage}
        xs = [i + shift for i, m in enumerate(modules) if m in by_module]
        picked = [by_module[m] for m in modules if m in by_module]
        # Hit rows in um; the target's depth row in mm (its own units are metres of depth).
        scale = [1e3 if r["module"] == "target_depth" else 1e6 for r in picked]
        ax_res.errorbar(xs, [float(r["mean_residual_m"]) * k for r, k in zip(picked, scale)],
                        yerr=[float(r["rms_residual_m"]) * k for r, k in zip(picked, scale)], ls="none", marker="o",
                        color=colour, capsize=3, label=stage)
        ax_pull.errorbar(xs, [float(r["mean_pull"]) for r in picked], yerr=[float(r["rms_pull"]) for r in picked],
                         ls="none", marker="o", color=colour, capsize=3, label=stage)
    ax_res.axhline(0.0, color="black", lw=0.5)
    ax_res.set_ylabel("residual: mean, bar rms [um; target row mm]")
    ax_res.set_title("residuals per module, nominal and aligned geometry")
    ax_res.legend(fontsize="small")
    for y in (-1.0, 0.0, 1.0):
        ax_pull.axhline(y, color="black", lw=0.5, ls=":" if y else "-")
    ax_pull.set_ylabel("pull: mean, bar rms")
    ax_pull.set_xticks(range(len(modules)))
    ax_pull.set_xticklabels(modules, rotation=45, ha="right", fontsize="small")
    save(fig, path, plt)


def plot_pull_distributions(rows, plt, path):
    fig, ax = plt.subplots(figsize=(8, 5))
    for stage, colour in STAGES:
        counts = {}
        for r in rows:
            if r["stage"] != stage:
                continue
            key = (float(r["pull_low"]), float(r["pull_high"]))
            counts[key] = counts.get(key, 0.0) + float(r["rows"])
        if not counts:
            raise RunError(f"no {stage} rows in the pull histograms")
        bins = sorted(counts)
        total = sum(counts.values())
        width = bins[0][1] - bins[0][0]
        ax.step([lo for lo, _ in bins] + [bins[-1][1]], [counts[b] / (total * width) for b in bins] + [0.0],
                where="post", color=colour, label=f"{stage} ({total:.0f} rows)")
    xs = [-5.0 + 0.05 * i for i in range(201)]
    ax.plot(xs, [math.exp(-0.5 * x * x) / math.sqrt(2 * math.pi) for x in xs], color="black", ls=":",
            label="unit normal")
    ax.set_yscale("log")
    ax.set_xlabel("pull of the whitened residual")
    ax.set_ylabel("density")
    ax.set_title("pull distribution, all modules")
    ax.legend(fontsize="small")
    save(fig, path, plt)


def parameter_kind(name):
    element, parameter = name.split(".", 1)
    kind = parameter.rsplit("_", 1)[0]
    return ("target " if element == "target" else "") + kind, parameter.endswith("_rad")


def plot_truth(rows, plt, path):
    kinds = {}
    for r in rows:
        kind, angle = parameter_kind(r["parameter"])
        kinds.setdefault((kind, angle), []).append(r)
    fig, axes = plt.subplots(len(kinds), 1, figsize=(10, 2.2 * len(kinds)), squeeze=False)
    for ax, ((kind, angle), picked) in zip(axes[:, 0], kinds.items()):
        scale, unit = (1e6, "urad") if angle else (1e6, "um")
        diff = [(float(r["fitted"]) - float(r["truth_in_fit_gauge"])) * scale for r in picked]
        err = [float(r["uncertainty"]) * scale for r in picked]
        ax.errorbar(range(len(picked)), diff, yerr=err, ls="none", marker="o", color="crimson", capsize=3)
        ax.axhline(0.0, color="black", lw=0.5)
        ax.set_ylabel(f"{kind} [{unit}]", fontsize="small")
        ax.set_xticks(range(len(picked)))
        ax.set_xticklabels([r["parameter"].split(".")[0] for r in picked], fontsize="x-small")
    axes[0, 0].set_title("fitted minus true (truth in the fit's gauge), bar: the fit's uncertainty")
    save(fig, path, plt)


def plot(run_dir, plt, out):
    """Writes the alignment's plots into `out`; returns their names."""
    made = []
    plot_residuals(read_csv_rows(os.path.join(run_dir, "alignment_residuals.csv")), plt,
                   os.path.join(out, "alignment_residuals.png"))
    made.append("alignment_residuals.png")
    plot_pull_distributions(read_csv_rows(os.path.join(run_dir, "alignment_pull_histograms.csv")), plt,
                            os.path.join(out, "alignment_pulls.png"))
    made.append("alignment_pulls.png")
    truth = os.path.join(run_dir, "alignment_truth_comparison.csv")
    if os.path.isfile(truth):
        plot_truth(read_csv_rows(truth), plt, os.path.join(out, "alignment_truth.png"))
        made.append("alignment_truth.png")
    return made
