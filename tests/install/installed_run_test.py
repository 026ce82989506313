#!/usr/bin/python3
"""An installed detgrad runs on its own: `cmake --install` of this build into a temporary
prefix, the prefix moved to another folder, then, with the source and build trees hidden
(a private mount namespace with an empty folder mounted over each, where the kernel allows
unprivileged ones) and a clean environment (PATH=/usr/bin:/bin, HOME in the scratch folder,
nothing naming the sources), from an unrelated working directory: `validate` of every
installed study (a layout file named relative to the share folder included) and `optimize`
of each task's default study for 2 steps, with its plots. The installed binary must not hold
the source or build tree's path, and no output may name them. With --python-package (a
build with the Python module): the installed package, imported by Debian's python3 with
PYTHONPATH=PREFIX/lib/python3/dist-packages, finds the installed share folder.

usage: installed_run_test.py --cmake CMAKE --build BUILD_DIR --source SOURCE_DIR [--python-package]
Exit code 0 when every check passed; the failed checks are printed.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

# Each task's default study as installed, and the values changed in a copy of it (per
# section) to keep the run short: the events per step, the final evaluation's events, and
# SWGO's gamma/hadron template sample, which that evaluation fits.
DEFAULT_STUDIES = [
    ("tomography", "configs/tomography/hello_world.json",
     {"optimization": {"muons_per_step": 5000, "evaluation_events": 5000}}),
    ("swgo", "configs/swgo/default.json",
     {"optimization": {"events_per_step": 50, "evaluation_events": 40}, "swgo": {"template_showers": 40}}),
    ("muone", "configs/muone/default.json",
     {"optimization": {"events_per_step": 5000, "evaluation_events": 5000}}),
    ("calorimeter", "configs/calorimeter/default.json",
     {"optimization": {"events_per_step": 40, "evaluation_events": 40}}),
]
STEPS = 2
CLEAN_PATH = "/usr/bin:/bin"

failures = []


def child_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAILED: {message}", flush=True)
    return condition


def strip_comments(text):
    """The study text without // and /* */ comments (outside strings), as detgrad reads it."""
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def hiding_works(folders):
    """Whether an unprivileged mount namespace can hide the folders here."""
    probe = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
             " && ".join(f'mount -t tmpfs detgrad-hidden "{f}"' for f in folders) + " && true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--python-package", action="store_true",
                        help="the build has the Python module: check the installed package too")
    args = parser.parse_args()
    source = os.path.realpath(args.source)
    build = os.path.realpath(args.build)
    scratch = tempfile.mkdtemp(prefix="detgrad_installed_run_")
    try:
        run_checks(args.cmake, source, build, scratch, args.python_package)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("installed_run: every check passed")
    return 0


def run_checks(cmake, source, build, scratch, python_package):
    # The plots are part of what is checked: they need Debian's python3-matplotlib.
    if not check(subprocess.run(["/usr/bin/python3", "-c", "import matplotlib"], capture_output=True).returncode == 0,
                 "/usr/bin/python3 cannot import matplotlib (scripts/setup installs python3-matplotlib)"):
        return
    # Install, then move the prefix: nothing may depend on where it was installed.
    staged = os.path.join(scratch, "staged")
    result = subprocess.run([cmake, "--install", build, "--prefix", staged], capture_output=True, text=True)
    if not check(result.returncode == 0, f"cmake --install failed:\n{result.stdout}{result.stderr}"):
        return
    prefix = os.path.join(scratch, "moved", "detgrad")
    os.makedirs(os.path.dirname(prefix))
    os.rename(staged, prefix)
    binary = os.path.join(prefix, "bin", "detgrad")
    share = os.path.join(prefix, "share", "detgrad")
    for rel in ["bin/detgrad", "share/detgrad/scripts/plot-run", "share/detgrad/scripts/plotting/common.py",
                "share/detgrad/data/swgo/ldf_gamma_primary.txt", "share/detgrad/data/swgo/layouts/A1.txt"] + \
               ["share/detgrad/" + study for _, study, _ in DEFAULT_STUDIES]:
        check(os.path.isfile(os.path.join(prefix, rel)), f"{rel} not installed")
    check(os.access(binary, os.X_OK) and os.access(os.path.join(share, "scripts/plot-run"), os.X_OK),
          "bin/detgrad and scripts/plot-run must be executable")
    for folder, dirs, files in os.walk(prefix):
        for name in dirs + files:
            check(not os.path.islink(os.path.join(folder, name)), f"{os.path.join(folder, name)} is a link")
        check("__pycache__" not in dirs, f"{folder}/__pycache__ installed")
    with open(binary, "rb") as f:
        contents = f.read()
    for tree in (source, build):
        check(tree.encode() not in contents, f"the installed binary holds the path {tree}")

    # An unrelated working directory and an environment that names nothing of the sources.
    work = os.path.join(scratch, "work")
    os.makedirs(work)
    env = {"PATH": CLEAN_PATH, "HOME": work, "LC_ALL": "C.UTF-8"}
    hidden = [source] + ([build] if not build.startswith(source + os.sep) else [])
    if hiding_works(hidden):
        mounts = " && ".join(f'mount -t tmpfs detgrad-hidden "{f}"' for f in hidden)
        # The check inside the namespace: the trees are empty there.
        wrapper = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                   mounts + ' && [ -z "$(ls -A ' + " ".join(f'"{f}"' for f in hidden) + ')" ] && exec "$@"', "hide"]
        print(f"source and build trees hidden from the installed runs: {', '.join(hidden)}")
    else:
        wrapper = []
        print("no unprivileged mount namespace here: the trees stay visible, the other checks still hold")

    def detgrad(*argv):
        result = subprocess.run(wrapper + ["/usr/bin/env", "-i"] + [f"{k}={v}" for k, v in env.items()] +
                                [binary] + list(argv), cwd=work, capture_output=True, text=True)
        return result.returncode, result.stdout + result.stderr

    if python_package:
        check_python_package(prefix, share, wrapper, env, work)

    studies = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(share, "configs"))
                     for f in fs if f.endswith(".json"))
    check(len(studies) >= 3, f"only {len(studies)} studies installed")
    cpu = child_cpu_s()
    for study in studies:
        rc, out = detgrad("validate", study)
        check(rc == 0, f"validate {os.path.relpath(study, share)}: exit code {rc}\n{out}")
    print(f"validate: {len(studies)} installed studies ({child_cpu_s() - cpu:.1f} s CPU)", flush=True)

    for task, rel, changes in DEFAULT_STUDIES:
        with open(os.path.join(share, rel)) as f:
            study = json.loads(strip_comments(f.read()))
        for section, values in changes.items():
            study.setdefault(section, {}).update(values)
        study_path = os.path.join(work, f"{task}.json")
        with open(study_path, "w") as f:
            json.dump(study, f, indent=1)
        out_dir = os.path.join(work, "runs", task)
        cpu = child_cpu_s()
        rc, out = detgrad("optimize", study_path, "--out", out_dir, "--steps", str(STEPS), "--backend", "cpu")
        if not check(rc == 0, f"optimize {rel}: exit code {rc}\n{out}"):
            continue
        check_run(task, out_dir, [source, build], child_cpu_s() - cpu)


PYTHON_CHECK = """
import os, detgrad
share = os.environ["DETGRAD_SHARE_DIR"]
study = detgrad.Study(os.path.join(share, "configs/swgo/evaluate_A1.json"))  # names data/swgo/layouts/A1.txt
print(os.path.realpath(share))
print(os.path.realpath(detgrad.__file__))
print(study.task, study.describe())
"""


def check_python_package(prefix, share, wrapper, env, work):
    """The installed package, imported by Debian's python3 with only PYTHONPATH naming the
    prefix: it finds the installed share folder (an SWGO study whose layout file is named
    relative to it) and none of the trees."""
    site = os.path.join(prefix, "lib", "python3", "dist-packages")
    package = os.path.join(site, "detgrad")
    names = os.listdir(package) if os.path.isdir(package) else []
    if not check("__init__.py" in names and any(n.startswith("_detgrad") and n.endswith(".so") for n in names),
                 f"the Python package is not installed in {package} (holds {names})"):
        return
    result = subprocess.run(wrapper + ["/usr/bin/env", "-i"] + [f"{k}={v}" for k, v in env.items()] +
                            [f"PYTHONPATH={site}", "/usr/bin/python3", "-c", PYTHON_CHECK],
                            cwd=work, capture_output=True, text=True)
    lines = result.stdout.splitlines()
    if not check(result.returncode == 0 and len(lines) == 3,
                 f"import detgrad from the installed prefix: exit code {result.returncode}\n"
                 f"{result.stdout}{result.stderr}"):
        return
    check(lines[0] == os.path.realpath(share), f"the installed package found the share folder {lines[0]}")
    check(lines[1].startswith(os.path.realpath(package)), f"python imported {lines[1]}")
    check(lines[2].startswith("swgo ") and "6589" in lines[2], f"the installed A1 study reads as {lines[2]!r}")
    print(f"python: the installed package imported, {lines[2]}", flush=True)


def check_run(task, out_dir, trees, cpu_s):
    with open(os.path.join(out_dir, "history.csv")) as f:
        rows = [line for line in f.read().splitlines() if line]
    check(len(rows) == 1 + STEPS, f"{task}: history.csv has {len(rows) - 1} steps, expected {STEPS}")
    for name in ("layout_final.json", "evaluation.json", "study.json", "log.txt"):
        check(os.path.isfile(os.path.join(out_dir, name)), f"{task}: {name} not written")
    plots = os.path.join(out_dir, "plots")
    pngs = sorted(f for f in os.listdir(plots) if f.endswith(".png")) if os.path.isdir(plots) else []
    # loss.png from the common plots, and at least one of the task's own.
    check("loss.png" in pngs and len(pngs) >= 2, f"{task}: plots/ holds {pngs or 'nothing'}")
    for png in pngs:
        check(os.path.getsize(os.path.join(plots, png)) > 1000, f"{task}: plots/{png} is nearly empty")
    with open(os.path.join(out_dir, "log.txt")) as f:
        log = f.read()
    check("plots in " in log, f"{task}: log.txt does not report the plots:\n{log[-2000:]}")
    print(f"{task}: {STEPS} steps, plots {', '.join(pngs)} ({cpu_s:.1f} s CPU with the plots)", flush=True)
    for folder, _, files in os.walk(out_dir):
        for name in files:
            if name.endswith((".png", ".pyc")):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                text = f.read()
            for tree in trees:
                check(tree.encode() not in text, f"{task}: {name} names {tree}")


if __name__ == "__main__":
    sys.exit(main())
