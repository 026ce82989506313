"""Plots of a calorimeter run: the stack (every slab's thickness against its depth) for the
initial, intermediate and final layouts, the energy resolution at each source energy
per step (the resolution_<E> columns of history.csv, from the response model), and from
evaluation.json (the particle level of the initial and the final layout) the longitudinal
profiles and the resolution against the energy before and after."""
import os

from plotting.common import RunError, layout_files, layout_styles, read_json, save

README = """stack.png        the stack: each slab's thickness (mm) against the depth of its front face (mm),
                 absorber slabs as steps, active (sampling) slabs as markers; the initial layout,
                 up to 3 intermediate ones and the final one.
resolution.png   the relative energy resolution sigma(E)/E at each source energy per step (the
                 response model's, as the loss sees it).
profile.png      the longitudinal profile at particle level, initial (dashed) and final (solid)
                 layout, one panel per source energy: each active layer's mean visible energy
                 divided by E and by the layer pitch in X0, against the layer's depth in X0.
energy_resolution.png  sigma(E)/E against E at particle level, initial and final layout, with
                 the statistical errors (evaluation.json).
"""


def stack(source, kinds=None):
    """[(front face m, thickness m, active)] of a layout file, or of a history row (the initial
    layout: its slab<i>.thickness_m values, with the slabs' kinds given as `kinds`)."""
    if kinds is None:
        if "slabs" not in source:
            raise RunError("not a calorimeter layout (no \"slabs\")")
        slabs = [(s["thickness_m"], bool(s["active"])) for s in source["slabs"]]
    else:
        slabs = [(source[f"slab{i}.thickness_m"], active) for i, active in enumerate(kinds)]
    out, depth = [], 0.0
    for thickness, active in slabs:
        out.append((depth, thickness, active))
        depth += thickness
    return out


def plot_stacks(layouts, plt, path):
    styles = layout_styles(layouts, plt)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    for label, slabs in layouts:
        style = styles[label]
        absorber = [(1e3 * z, 1e3 * t) for z, t, active in slabs if not active]
        active = [(1e3 * z, 1e3 * t) for z, t, a in slabs if a]
        if absorber:
            ax.step([z for z, _ in absorber], [t for _, t in absorber], where="post", label=f"{label}, absorber",
                    **style)
        if active:
            ax.plot([z for z, _ in active], [t for _, t in active], ls="none", marker="o", markersize=3,
                    color=style["color"], label=f"{label}, active")
    ax.set_xlabel("depth of the slab's front face [mm]")
    ax.set_ylabel("slab thickness [mm]")
    ax.set_title("the stack: slab thickness against depth")
    ax.legend(fontsize="x-small", loc="center left", bbox_to_anchor=(1.02, 0.5))
    save(fig, path, plt)


def plot_resolution(header, history, plt, path):
    columns = [c for c in header if c.startswith("resolution_")]
    if not columns:
        raise RunError("history.csv has no resolution_<E> columns")
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for column in columns:
        ax.plot(history["step"], history[column], label=column[len("resolution_"):])
    ax.set_xlabel("step")
    ax.set_ylabel("sigma(E) / E")
    ax.set_title("energy resolution per source energy (response model)")
    ax.legend(title="energy", fontsize="small")
    save(fig, path, plt)


def profile_per_X0(evaluation, point):
    """(depths X0, visible energy per X0 / E) of one energy point of an evaluation."""
    depths = evaluation["layer_depth_X0"]
    profile = point["profile_GeV"]
    out = []
    for i, (t, e) in enumerate(zip(depths, profile)):
        pitch = depths[i] - depths[i - 1] if i > 0 else (depths[1] - depths[0] if len(depths) > 1 else 2.0 * t)
        out.append(e / point["energy_GeV"] / pitch if pitch > 0 else 0.0)
    return depths, out


def plot_profiles(evaluations, plt, path):
    energies = [p["energy_GeV"] for p in evaluations[0][1]["energies"]]
    fig, axes = plt.subplots(1, len(energies), figsize=(3.2 * len(energies) + 1, 4), squeeze=False, sharey=True)
    for k, energy in enumerate(energies):
        ax = axes[0][k]
        for label, evaluation, style in evaluations:
            depths, profile = profile_per_X0(evaluation, evaluation["energies"][k])
            ax.plot(depths, profile, ls=style, label=label)
        ax.set_title(f"{energy:g} GeV", fontsize="small")
        ax.set_xlabel("depth [X0]")
    axes[0][0].set_ylabel("visible energy per X0 / E")
    axes[0][0].legend(fontsize="small")
    fig.suptitle("longitudinal profile at particle level")
    save(fig, path, plt)


def plot_particle_resolution(evaluations, plt, path):
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for label, evaluation, style in evaluations:
        points = evaluation["energies"]
        ax.errorbar([p["energy_GeV"] for p in points], [100 * p["relative_resolution"] for p in points],
                    yerr=[100 * p["relative_resolution_error"] for p in points], ls=style, marker="o", capsize=3,
                    label=f"{label} (rms {100 * evaluation['rms_relative_resolution']:.2f} %)")
    ax.set_xscale("log")
    ax.set_xlabel("beam energy [GeV]")
    ax.set_ylabel("sigma(E) / E [%]")
    ax.set_title("energy resolution at particle level")
    ax.legend(fontsize="small")
    save(fig, path, plt)


def plot(run_dir, study, header, history, plt, out):
    """Writes the task's plots into `out`; returns the names of the files written."""
    drawn = [(label, stack(read_json(os.path.join(run_dir, name)))) for label, name in layout_files(run_dir, history)]
    if drawn:
        # The kinds of the slabs are the study's and never change: the last layout's give the
        # initial row's.
        kinds = [active for _, _, active in drawn[-1][1]]
        initial = {f"slab{i}.thickness_m": history[f"slab{i}.thickness_m"][0] for i in range(len(kinds))}
        drawn.insert(0, ("initial", stack(initial, kinds)))
    else:
        raise RunError(f"{run_dir}: no layout file to draw")
    plot_stacks(drawn, plt, os.path.join(out, "stack.png"))
    plot_resolution(header, history, plt, os.path.join(out, "resolution.png"))
    made = ["stack.png", "resolution.png"]
    evaluation_path = os.path.join(run_dir, "evaluation.json")
    if os.path.isfile(evaluation_path):
        evaluation = read_json(evaluation_path)
        evaluations = [(label, evaluation[label], style) for label, style in (("initial", "--"), ("final", "-"))
                       if label in evaluation]
        if evaluations and all("layer_depth_X0" in e for _, e, _ in evaluations):
            plot_profiles(evaluations, plt, os.path.join(out, "profile.png"))
            plot_particle_resolution(evaluations, plt, os.path.join(out, "energy_resolution.png"))
            made += ["profile.png", "energy_resolution.png"]
    return made
