"""Plots of a MUonE run: the station along the beam (modules and target) for the initial,
intermediate and final layouts, and the relative q2 resolution against q2 for the initial
and the final layout (resolution_initial.csv and resolution_final.csv, evaluation mode)."""
import os

from plotting.common import layout_files, layout_styles, read_csv_rows, read_json, save

README = """layout.png       the station along the beam (z in m): each module a marker at its z, its
                 transverse offset (mm) as the height, labelled with its view; the target a
                 band; the initial layout, up to 3 intermediate ones and the final one.
resolution.png   relative q2 resolution (q2_reco - q2_true) / q2_true, rms per q2 bin, against
                 q2 for the initial and the final layout (evaluation mode), with the smooth
                 model's prediction dotted.
"""


def station(study_or_layout):
    """(modules [(name, z, offset)], target (z, thickness)) of a study's muone section or a layout."""
    source = study_or_layout.get("muone", study_or_layout)
    modules = [(m["name"], m["z_m"], m.get("offset_m", 0.0)) for m in source["modules"]]
    target = source["target"]
    return modules, (target["z_m"], target["thickness_m"])


def plot_layouts(layouts, plt, path):
    styles = layout_styles(layouts, plt)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for row, (label, (modules, (target_z, thickness))) in enumerate(layouts):
        style = styles[label]
        y = [1e3 * offset for _, _, offset in modules]
        ax.plot([z for _, z, _ in modules], y, ls="none", marker="|", markersize=18, color=style["color"],
                label=label)
        ax.axvspan(target_z - thickness / 2, target_z + thickness / 2, color=style["color"], alpha=0.15)
        if label == "final":
            for (name, z, offset) in modules:
                ax.annotate(name, (z, 1e3 * offset), xytext=(2, 6), textcoords="offset points", fontsize="x-small",
                            rotation=60)
    ax.set_xlabel("z along the beam [m]")
    ax.set_ylabel("transverse offset [mm]")
    ax.set_title("station layout: modules (markers) and target (band)")
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.02, 0.5))
    save(fig, path, plt)


def plot_resolution(run_dir, plt, path):
    fig, ax = plt.subplots(figsize=(8, 5))
    for name, colour in (("initial", "grey"), ("final", "crimson")):
        rows = read_csv_rows(os.path.join(run_dir, f"resolution_{name}.csv"), "optimize")
        q2 = [0.5 * (float(r["q2_lo_GeV2"]) + float(r["q2_hi_GeV2"])) for r in rows]
        width = [0.5 * (float(r["q2_hi_GeV2"]) - float(r["q2_lo_GeV2"])) for r in rows]
        ax.errorbar(q2, [float(r["relative_resolution"]) for r in rows], xerr=width, marker="o", ls="-",
                    color=colour, label=f"{name} layout")
        ax.plot(q2, [float(r["predicted_relative_resolution"]) for r in rows], ls=":", color=colour,
                label=f"{name}, smooth model")
    ax.set_xlabel("q2 [GeV^2]")
    ax.set_ylabel("relative q2 resolution (rms)")
    ax.set_yscale("log")
    ax.set_title("relative q2 resolution against q2 (evaluation mode)")
    ax.legend(fontsize="small")
    save(fig, path, plt)


def plot(run_dir, study, header, history, plt, out):
    """Writes the task's plots into `out`; returns the names of the files written."""
    layouts = [("initial", station(study))]
    for label, name in layout_files(run_dir, history):
        layouts.append((label, station(read_json(os.path.join(run_dir, name)))))
    plot_layouts(layouts, plt, os.path.join(out, "layout.png"))
    made = ["layout.png"]
    if all(os.path.isfile(os.path.join(run_dir, f"resolution_{n}.csv")) for n in ("initial", "final")):
        plot_resolution(run_dir, plt, os.path.join(out, "resolution.png"))
        made.append("resolution.png")
    return made
