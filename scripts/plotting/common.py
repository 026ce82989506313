"""What the plots of every task share: reading a run directory's files, the loss plot, the
layouts to draw, the scan plot, and saving figures."""
from array import array
import csv
import json
import os
import re


class RunError(Exception):
    pass


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise RunError(f"cannot read {path}: {e}")


def number(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")


def read_history(path):
    """The header of history.csv and {column: array of values per step} (a field that is no
    number: nan). Read row by row into arrays of doubles: a tank-by-tank run's history of
    hundreds of MB takes about its size in memory, not several times it."""
    try:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, [])
            columns = [array("d") for _ in header]
            for line, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise RunError(f"{path}: line {line} has {len(row)} fields, the header {len(header)}")
                for column, field in zip(columns, row):
                    column.append(number(field))
    except (OSError, ValueError, csv.Error) as e:
        raise RunError(f"cannot read {path}: {e}")
    if "step" not in header or not columns[0]:
        raise RunError(f"{path}: no step column or no data rows")
    return header, dict(zip(header, columns))


def read_csv_rows(path, writer="detgrad"):
    """The rows of a CSV file with a header, as dicts; RunError where it is missing or empty
    (`writer`: what writes it, for the message)."""
    if not os.path.isfile(path):
        raise RunError(f"{path}: missing ({writer} writes it)")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, csv.Error) as e:
        raise RunError(f"cannot read {path}: {e}")
    if not rows:
        raise RunError(f"{path}: no rows")
    return rows


def layout_files(run_dir, history):
    """[(label, file name)] of the layouts to draw after the initial one: up to 3 intermediate
    layout_<step>.json (first, middle and last) and the final layout."""
    matches = map(re.compile(r"layout_(\d+)\.json").fullmatch, os.listdir(run_dir))
    files = {int(m.group(1)): m.group(0) for m in matches if m}
    steps = sorted(files)
    if os.path.isfile(os.path.join(run_dir, "layout_final.json")):
        final = "layout_final.json"
        if steps and steps[-1] >= max(history["step"]):
            steps.pop()  # the last step's layout is the final one
    else:
        final = files[steps.pop()] if steps else None
    if len(steps) > 3:  # first, middle and last
        steps = [steps[round(i * (len(steps) - 1) / 2)] for i in range(3)]
    out = [(f"step {step}", files[step]) for step in steps]
    if final:
        out.append(("final", final))
    return out


def save(fig, path, plt, legend_width=0.0):
    """Saves `fig`, keeping the right `legend_width` inches free for a figure legend."""
    fig.tight_layout(rect=(0, 0, 1 - legend_width / fig.get_figwidth(), 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def subplot_grid(plt, count, cols, width, height, legend_width, **options):
    rows = (count + cols - 1) // cols
    fig, axs = plt.subplots(rows, cols, figsize=(width * cols + legend_width, height * rows), squeeze=False, **options)
    for index in range(count, rows * cols):
        axs[index // cols][index % cols].axis("off")
    return fig, axs, [axs[index // cols][index % cols] for index in range(count)]


def layout_styles(layouts, plt):
    cmap = plt.get_cmap("viridis")
    middle = [label for label, _ in layouts if label.startswith("step")]
    styles = {"initial": dict(color="grey", ls="--", lw=1.5), "final": dict(color="crimson", ls="-", lw=2.2)}
    for i, label in enumerate(middle):
        styles[label] = dict(color=cmap(0.15 + 0.6 * i / max(1, len(middle) - 1)), ls="-", lw=1.0, alpha=0.8)
    return styles


def plot_loss(header, history, plt, path):
    terms = [c for c in header if c == "loss" or c.startswith("loss_")]
    first_param = next((i for i, c in enumerate(header) if "grad_" + c in header), len(header))
    extras = [c for c in header[:first_param] if c not in terms and c not in ("step", "cost")]
    steps = history["step"]
    fig, axs = plt.subplots(1 + len(extras), 1, sharex=True, figsize=(8, 4.5 + 1.8 * len(extras)),
                            gridspec_kw={"height_ratios": [3] + [1] * len(extras)}, squeeze=False)
    ax = axs[0][0]
    for term in terms:
        ax.plot(steps, history[term], lw=2 if term == "loss" else 1.2, label=term)
    if all(v > 0 for t in terms for v in history[t]):
        ax.set_yscale("log")
    ax.set_ylabel("loss")
    if "cost" in history:
        twin = ax.twinx()
        twin.plot(steps, history["cost"], color="black", ls=":", lw=1.2, label="cost")
        twin.set_ylabel("cost")
        twin.legend(loc="upper right", fontsize="small")
    ax.legend(loc="upper left", fontsize="small")
    ax.set_title("loss terms per step")
    for row, name in enumerate(extras, start=1):
        axs[row][0].plot(steps, history[name], color="C%d" % ((len(terms) + row) % 10))
        axs[row][0].set_ylabel(name, fontsize="small")
    rolled = [s for s, r in zip(steps, history.get("rolled_back", [])) if r]
    for a in axs[:, 0]:
        for s in rolled:
            a.axvline(s, color="red", ls=":", lw=0.8)
    axs[-1][0].set_xlabel("step")
    axs[-1][0].xaxis.get_major_locator().set_params(integer=True)
    save(fig, path, plt)



def plot_scan(scan, plt, path):
    """The figure of merit over one parameter (with its error bars) or two (a map)."""
    axes, points, figure = scan["axes"], scan["points"], scan.get("figure_name", "figure")
    fig, ax = plt.subplots(figsize=(7, 5))
    if len(axes) == 1:
        name = axes[0]["name"]
        ax.errorbar([p[name] for p in points], [p["figure"] for p in points],
                    yerr=[p["figure_error"] for p in points], marker="o", capsize=3)
        ax.set_xlabel(f"{name} [{axes[0]['unit']}]")
        ax.set_ylabel(figure)
    else:
        (a, b) = axes
        grid = [[float("nan")] * a["points"] for _ in range(b["points"])]
        for k, p in enumerate(points):
            grid[k % b["points"]][k // b["points"]] = p["figure"]
        def half(axis):  # half a cell, so that cell centres sit on the scanned values
            return (axis["stop"] - axis["start"]) / (2 * (axis["points"] - 1)) if axis["points"] > 1 else 0.5
        image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis",
                          extent=(a["start"] - half(a), a["stop"] + half(a), b["start"] - half(b), b["stop"] + half(b)))
        fig.colorbar(image, ax=ax, label=figure)
        ax.set_xlabel(f"{a['name']} [{a['unit']}]")
        ax.set_ylabel(f"{b['name']} [{b['unit']}]")
    ax.set_title(f"scan of {scan.get('task', '')}: {figure} (evaluation mode)")
    save(fig, path, plt)
