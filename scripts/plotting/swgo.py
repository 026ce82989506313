"""Plots of an SWGO run: the layout at steps 1, 50, 150, 300 and the end (as the paper's
convergence figure), the utility terms per step, and the resolutions against energy of the
initial and final layouts."""
import os

from plotting.common import RunError, read_json, save

README = """layouts.png      the units' (x, y) at steps 1, 50, 150, 300 (those the run has) and the final
                 layout, one panel each, same scale.
utility.png      the optimisation-mode utility, its terms U_IR and U_PR and the area and cable
                 costs (when on) per step (thin) and their running mean over 20 steps (thick).
density.png      tanks per 1000 m^2 against the distance from the initial layout's centroid (rings
                 of 20 m; a macro-unit counts as its 19 tanks at its centre) and the array's
                 outline (convex hull) with the site, for the initial and the final layout.
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


TANKS_PER_MACRO_UNIT = 19


def tanks_per_unit(study):
    """How many tanks one unit of the run stands for."""
    return TANKS_PER_MACRO_UNIT if study.get("swgo", {}).get("unit") == "macro_unit" else 1


def convex_hull(points):
    """The convex hull's corners in counter-clockwise order (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def half(seq):
        out = []
        for p in seq:
            while len(out) >= 2 and cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]

    return half(pts) + half(reversed(pts))


def hull_area_km2(points):
    h = convex_hull(points)
    twice = sum(h[i][0] * h[(i + 1) % len(h)][1] - h[(i + 1) % len(h)][0] * h[i][1] for i in range(len(h)))
    return abs(twice) / 2e6


def radial_density(units, tanks_each, centre, ring_m=20.0):
    """(ring centres in m, tanks per 1000 m^2 in each ring) out to the farthest unit."""
    radii = [((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5 for x, y in units]
    rings = int(max(radii) // ring_m) + 1
    counts = [0] * rings
    for r in radii:
        counts[int(r // ring_m)] += tanks_each
    area = [3.141592653589793 * ring_m**2 * ((k + 1) ** 2 - k**2) for k in range(rings)]
    return [(k + 0.5) * ring_m for k in range(rings)], [1000.0 * c / a for c, a in zip(counts, area)]


def plot_density(panels, site, plt, path):
    """panels: [(label, [(x, y)] of units, tanks per unit)]; site: the site's corners or None.
    The centre of every radial profile is the first panel's centroid."""
    first = panels[0][1]
    centre = (sum(x for x, _ in first) / len(first), sum(y for _, y in first) / len(first))
    fig, axs = plt.subplots(1, 2, figsize=(11, 4.5))
    for n, (label, units, tanks_each) in enumerate(panels):
        r, density = radial_density(units, tanks_each, centre)
        tanks, area = tanks_each * len(units), hull_area_km2(units)
        axs[0].step(r, density, where="mid", color=f"C{n}", label=f"{label}: {tanks} tanks, hull {area:.3f} km$^2$")
        hull = convex_hull(units)
        axs[1].plot([p[0] for p in hull + hull[:1]], [p[1] for p in hull + hull[:1]], color=f"C{n}", label=label)
    if site:
        axs[1].plot([p[0] for p in site + site[:1]], [p[1] for p in site + site[:1]], "k--", lw=0.8, label="site")
    axs[0].set_xlabel("distance from the centre [m]")
    axs[0].set_ylabel("tanks per 1000 m$^2$")
    axs[0].legend(fontsize="x-small")
    axs[1].set_aspect("equal")
    axs[1].set_xlabel("x [m]")
    axs[1].set_ylabel("y [m]")
    axs[1].set_title("outline (convex hull)", fontsize="small")
    axs[1].legend(fontsize="x-small")
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
    for n, term in enumerate(("utility", "U_IR", "U_PR", "C_area", "C_cable")):
        if term not in history:
            continue
        ax.plot(history["step"], history[term], lw=0.5, color=f"C{n}", alpha=0.5)
        ax.plot(history["step"], running_mean(history[term], 20), lw=2, color=f"C{n}", label=term)
    ax.set_xlabel("step")
    ax.set_ylabel("optimisation-mode utility, costs")
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
    final = os.path.join(run_dir, "layout_final.json")
    if os.path.isfile(final):
        each = tanks_per_unit(study)
        panels = [("initial", units_at(header, history, 0), each),
                  ("final", [tuple(u) for u in read_json(final)["units"]], each)]
        site = [tuple(p) for p in study.get("swgo", {}).get("site", [])] or None
        plot_density(panels, site, plt, os.path.join(out, "density.png"))
        made.append("density.png")
    evaluation = os.path.join(run_dir, "evaluation.json")
    if os.path.isfile(evaluation):
        plot_resolution(read_json(evaluation), plt, os.path.join(out, "resolution.png"))
        made.append("resolution.png")
    return made
