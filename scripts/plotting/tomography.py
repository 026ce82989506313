"""Plots of a tomography run: the volume and the panels seen from the side and from above,
the panel parameters per step, and the true against the inferred X0 map."""
import itertools
import json
import math
import os

from plotting.common import RunError, layout_styles, read_json, save, subplot_grid, layout_files

PARAM_GROUPS = [("z_m", ["z_m"]), ("x_m", ["x_m"]), ("y_m", ["y_m"]),
                ("span", ["span_x_m", "span_y_m"]), ("sigma_m", ["sigma_m"]), ("efficiency", ["efficiency"])]
PARAM_SUFFIXES = {s for _, suffixes in PARAM_GROUPS for s in suffixes}
README = """layout_side.png  side view (x-z): the volume, its non-fill voxels shaded (projected along y), each
                 panel a segment of length span_x at height z centred at x, for the initial
                 layout, up to 3 intermediate layout_<step>.json and the final layout.
layout_top.png   top view (x-y), one subplot per panel: the volume's footprint (non-fill voxels
                 shaded, projected along z) and the panel's rectangle for the same layouts.
parameters.png   each parameter group (z, x, y, span x solid / y dashed, sigma, efficiency)
                 per step, one subplot per group, one line per panel.
x0_map.png       (when the run has x0_map.json) true and inferred X0 per voxel layer, log10 of
                 X0 in m, for the study's own volume with the final layout in evaluation mode;
                 grey where no muon informed the voxel.
"""


def read_layouts(run_dir, study, history):
    """[(label, panels)]: the initial layout, up to 3 intermediate ones and the final one."""
    if "volume" not in study or "panels" not in study.get("tomography", {}):
        raise RunError(f"{run_dir}/study.json: no volume or no tomography.panels")
    layouts = [("initial", study["tomography"]["panels"])]
    for label, name in layout_files(run_dir, history):
        layouts.append((label, read_json(os.path.join(run_dir, name))["panels"]))
    return layouts


def voxel_materials(volume):
    """{(ix, iy, iz): material name} for every voxel, and the background (fill) material."""
    n, o, d = [int(v) for v in volume["voxels"]], volume["origin_m"], volume["voxel_size_m"]
    cells = list(itertools.product(range(n[0]), range(n[1]), range(n[2])))
    names = volume.get("voxel_materials")
    if names:  # x fastest, then y, then z; the most common material counts as the fill
        return {c: names[c[0] + n[0] * (c[1] + n[1] * c[2])] for c in cells}, max(set(names), key=names.count)
    fill = volume.get("fill", "")
    material = dict.fromkeys(cells, fill)
    for box in volume.get("boxes", []):  # a voxel whose centre lies in the box gets its material
        for c in cells:
            if all(box["min_m"][k] <= o[k] + (c[k] + 0.5) * d[k] <= box["max_m"][k] for k in range(3)):
                material[c] = box["material"]
    return material, fill


def draw_volume(ax, volume, axes, plt, legend):
    """Volume outline and its non-fill voxels projected onto the plane of `axes` (0 x, 1 y, 2 z)."""
    material, background = voxel_materials(volume)
    n, o, d = [int(v) for v in volume["voxels"]], volume["origin_m"], volume["voxel_size_m"]
    a, b = axes
    ax.add_patch(plt.Rectangle((o[a], o[b]), n[a] * d[a], n[b] * d[b], fill=False, color="black", lw=1.2,
                               label=f"volume ({background})" if legend else None))
    projected = {}
    for cell, name in sorted(material.items()):
        if name != background:
            projected.setdefault((cell[a], cell[b]), name)
    colours = {}
    for (i, j), name in sorted(projected.items()):
        label = name if legend and name not in colours else None
        colour = colours.setdefault(name, f"C{len(colours) % 10}")
        ax.add_patch(plt.Rectangle((o[a] + i * d[a], o[b] + j * d[b]), d[a], d[b], color=colour, alpha=0.25, lw=0,
                                   label=label))


def plot_side(volume, layouts, plt, path):
    styles = layout_styles(layouts, plt)
    fig, ax = plt.subplots(figsize=(8, 6))
    draw_volume(ax, volume, (0, 2), plt, legend=True)
    for label, panels in layouts:
        for i, p in enumerate(panels):
            x, half = p["centre_m"][0], p["span_m"][0] / 2
            ax.plot([x - half, x + half], [p["z_m"]] * 2, label=label if i == 0 else None, **styles[label])
    for p in layouts[-1][1]:
        ax.annotate(p["name"], (p["centre_m"][0] + p["span_m"][0] / 2, p["z_m"]), xytext=(4, -3),
                    textcoords="offset points", fontsize="x-small")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("z [m]")
    ax.set_title("side view (x-z): volume and panel spans")
    ax.autoscale_view()
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.02, 0.5))
    save(fig, path, plt)


def plot_top(volume, layouts, plt, path):
    styles = layout_styles(layouts, plt)
    names = [p["name"] for p in layouts[0][1]]
    fig, axs, cells = subplot_grid(plt, len(names), min(4, len(names)), 3.2, 3.2, 1.8)
    for index, (name, ax) in enumerate(zip(names, cells)):
        draw_volume(ax, volume, (0, 1), plt, legend=index == 0)
        z = {}
        for label, panels in layouts:
            for p in (p for p in panels if p["name"] == name):
                (x, y), (sx, sy), z[label] = p["centre_m"], p["span_m"], p["z_m"]
                ax.add_patch(plt.Rectangle((x - sx / 2, y - sy / 2), sx, sy, fill=False,
                                           label=label if index == 0 else None, **styles[label]))
        ax.set_title(f"{name} (z = {z[label]:.3f} m, {label})" if z else name, fontsize="small")
        ax.set_aspect("equal")
        ax.autoscale_view()
        ax.tick_params(labelsize="x-small")
    fig.legend(*axs[0][0].get_legend_handles_labels(), loc="center right", fontsize="small")
    fig.suptitle("top view (x-y) per panel, x and y in m")
    save(fig, path, plt, 1.8)


def plot_parameters(header, history, plt, path):
    params = [c for c in header if not c.startswith("grad_") and "." in c and c.split(".")[-1] in PARAM_SUFFIXES]
    panels = list(dict.fromkeys(c.rsplit(".", 1)[0] for c in params))
    groups = [(g, s) for g, s in PARAM_GROUPS if any(c.rsplit(".", 1)[1] in s for c in params)]
    if not groups:
        raise RunError("history.csv has no parameter columns (<panel>.<param>)")
    fig, axs, cells = subplot_grid(plt, len(groups), 2 if len(groups) > 1 else 1, 6, 3, 1.5, sharex=True)
    for (group, suffixes), ax in zip(groups, cells):
        for i, panel in enumerate(panels):
            for suffix, ls in zip(suffixes, ("-", "--")):
                column = f"{panel}.{suffix}"
                if column in history:
                    ax.plot(history["step"], history[column], color=f"C{i % 10}", ls=ls,
                            label=panel if suffix == suffixes[0] else None)
        ax.set_title(group + (" (x solid, y dashed)" if group == "span" else ""), fontsize="small")
        ax.tick_params(labelsize="x-small")
    for ax in axs[-1]:
        ax.set_xlabel("step")
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(*axs[0][0].get_legend_handles_labels(), loc="center right", fontsize="small")
    save(fig, path, plt, 1.5)


def plot_x0_map(run_dir, plt, path):
    """True against inferred X0, one column per z layer (at most 6, evenly spread)."""
    with open(os.path.join(run_dir, "x0_map.json")) as f:
        m = json.load(f)
    nx, ny, nz = m["voxels"]
    true, inferred = m["true_x0_m"], m["inferred_x0_m"]
    layers = sorted({round(k * (nz - 1) / 5) for k in range(6)}) if nz > 6 else list(range(nz))
    fig, axs = plt.subplots(2, len(layers), figsize=(2.6 * len(layers) + 1, 5.2), squeeze=False)
    values = [math.log10(x) for x in true + inferred if x > 0]
    low, high = min(values), max(values)
    image = None
    for col, iz in enumerate(layers):
        for row, (name, data) in enumerate((("true", true), ("inferred", inferred))):
            grid = [[math.log10(data[ix + nx * (iy + ny * iz)]) if data[ix + nx * (iy + ny * iz)] > 0 else float("nan")
                     for ix in range(nx)] for iy in range(ny)]
            ax = axs[row][col]
            image = ax.imshow(grid, origin="lower", vmin=low, vmax=high, cmap="viridis")
            z = m["origin_m"][2] + (iz + 0.5) * m["voxel_size_m"][2]
            ax.set_title(f"{name}, z = {z:.2f} m", fontsize="small")
            ax.set_xticks([])
            ax.set_yticks([])
    fig.colorbar(image, ax=axs, label="log10(X0 / m)", shrink=0.8)
    fig.savefig(path, dpi=110)
    plt.close(fig)



def plot(run_dir, study, header, history, plt, out):
    """Writes the task's plots into `out`; returns the names of the files written."""
    layouts = read_layouts(run_dir, study, history)
    plot_side(study["volume"], layouts, plt, os.path.join(out, "layout_side.png"))
    plot_top(study["volume"], layouts, plt, os.path.join(out, "layout_top.png"))
    plot_parameters(header, history, plt, os.path.join(out, "parameters.png"))
    made = ["layout_side.png", "layout_top.png", "parameters.png"]
    if os.path.exists(os.path.join(run_dir, "x0_map.json")):
        plot_x0_map(run_dir, plt, os.path.join(out, "x0_map.png"))
        made.append("x0_map.png")
    return made
