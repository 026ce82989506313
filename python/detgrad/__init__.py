"""detgrad from Python: studies, the command-line tool's commands, and a task's design as a
vector with the engine's loss, adjoint gradient, projection and optimiser.

    import detgrad
    study = detgrad.Study("configs/tomography/hello_world.json")   # or a dict
    detgrad.evaluate(study, events=20000)["figure"]
    design = detgrad.Design(study)          # names, units, groups, bounds, values

Every task of the engine's registry is reached through the same functions. Errors in a
study raise detgrad.StudyError, whose .path is the JSON path (or the file) at fault. The
engine's passes run with the GIL released; their progress lines go to stderr. Ctrl-C:
optimize() stops after the current step with a checkpoint and raises KeyboardInterrupt;
other calls raise it when the running pass returns. See docs/python.md.
"""
import os as _os

import numpy as _np

# The engine finds its share folder (configs, data, plotting scripts) beside its binary; in
# Python the binary is the interpreter, so the package names the share folder beside itself
# unless DETGRAD_SHARE_DIR is set: the build tree's (BUILD/python/detgrad -> BUILD/share/detgrad)
# or the installed one (PREFIX/lib/python3/dist-packages/detgrad -> PREFIX/share/detgrad).
_here = _os.path.dirname(_os.path.abspath(__file__))
for _up in (2, 4):
    _share = _os.path.normpath(_os.path.join(_here, *[".."] * _up, "share", "detgrad"))
    if not _os.environ.get("DETGRAD_SHARE_DIR") and _os.path.isdir(_os.path.join(_share, "configs")):
        _os.environ["DETGRAD_SHARE_DIR"] = _share

from . import _detgrad
from ._detgrad import BackendError, StudyError

__all__ = ["Study", "StudyError", "BackendError", "Design", "validate", "simulate", "evaluate",
           "gradcheck", "optimize", "scan", "event_table", "event_outputs", "event_outputs_vjp",
           "write_event_table", "threads", "set_threads"]


class Study:
    """A study read and validated exactly as the command line reads it.

    Study(path) reads a study file (comments allowed); Study(dict) takes a study as a dict
    (the JSON's structure). Raises StudyError naming the JSON path of the first problem.
    """

    def __init__(self, source):
        if isinstance(source, Study):
            self._handle = source._handle
        elif isinstance(source, dict):
            self._handle = _detgrad.Study.from_dict(source)
        elif isinstance(source, (str, _os.PathLike)):
            self._handle = _detgrad.Study.from_file(_os.fspath(source))
        else:
            raise TypeError("a study is a file path or a dict, not %s" % type(source).__name__)
        self._problems = {}

    name = property(lambda self: self._handle.name, doc="the study's name")
    task = property(lambda self: self._handle.task, doc="the task that owns it, e.g. 'swgo'")
    seed = property(lambda self: self._handle.seed, doc="the study's random-number seed")
    event_noun = property(lambda self: self._handle.event_noun, doc="'muons', 'showers' or 'events'")
    source = property(lambda self: self._handle.source, doc="the file it was read from, or '<dict>'")

    def describe(self):
        """The line `detgrad validate` prints after the study's name."""
        return self._handle.describe()

    def resolved(self):
        """The study with every default filled in (a dict; Study(resolved) is the same study)."""
        return self._handle.resolved()

    def problem(self, seed=None, backend=None):
        """The study's design problem (_detgrad.DesignProblem), built once per seed and backend."""
        key = (seed, backend)
        if key not in self._problems:
            self._problems[key] = _detgrad.DesignProblem(self._handle, seed, backend)
        return self._problems[key]

    def outputs_problem(self, seed=None):
        """The study's per-event outputs (_detgrad.EventOutputs), built once per seed."""
        key = ("outputs", seed)
        if key not in self._problems:
            self._problems[key] = _detgrad.EventOutputs(self._handle, seed)
        return self._problems[key]

    def __repr__(self):
        return "detgrad.Study(%r, task=%r)" % (self.name, self.task)


def threads():
    """The engine's CPU threads (OpenMP) for the passes that follow."""
    return _detgrad.threads()


def set_threads(n):
    """Sets the engine's CPU threads (OpenMP; torch's too, they share the runtime)."""
    _detgrad.set_threads(int(n))


def default_threads():
    """OMP_NUM_THREADS when set, else the CPUs this process may use."""
    try:
        return max(1, int(_os.environ["OMP_NUM_THREADS"].split(",")[0]))
    except (KeyError, ValueError):
        return len(_os.sched_getaffinity(0))


def _study(study):
    return study if isinstance(study, Study) else Study(study)


def _count(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError("%s must be a non-negative whole number, got %r" % (name, value))
    return int(value)


def validate(study):
    """Reads and validates a study; returns {study, name, task, description, resolved}."""
    return _detgrad.validate(_study(study)._handle)


def simulate(study, out, *, events=None, seed=None, save_events=None, backend=None, hdf5_events=None):
    """`detgrad simulate STUDY --out OUT`: runs the study's events once; writes the run directory
    (summary.json, the task's per-event files, study.json, log.txt) and returns summary.json's
    contents as a dict.

    hdf5_events=N also writes OUT/events.h5: the per-event table of the first N events (the
    columns and values of the per-event CSV file, which holds the first save_events of them),
    as a compressed pandas table under the key "events" (pandas.read_hdf(path, "events")).
    The events are run again for it, with the same random numbers."""
    s = _study(study)
    summary = _detgrad.simulate(s._handle, _os.fspath(out), _count("events", events),
                                _count("seed", seed), _count("save_events", save_events), backend)
    if hdf5_events is not None:
        write_event_table(s, _os.path.join(_os.fspath(out), "events.h5"), hdf5_events, seed=seed, backend=backend)
    return summary


def event_table(study, events, *, seed=None, backend=None):
    """The study's first `events` events (seed, step 0, the study's design) as per-event
    columns: {name: 1-d float64 numpy array}, the columns of the per-event CSV file simulate
    writes (tomography: muons.csv; MUonE: events.csv), NaN where an event has no value. The
    arrays own the engine's buffers (no copy). Raises NotImplementedError for a task that
    provides no table (SWGO today)."""
    s = _study(study)
    table = _detgrad.event_table(s._handle, _count("events", events), _count("seed", seed), backend)
    if not table:
        raise NotImplementedError("the %s task provides no per-event table" % s.task)
    return table


def evaluate(study, layout=None, *, events=None, seed=None, backend=None):
    """`detgrad evaluate`: the figure of merit of a layout in evaluation mode.

    layout: None (the study's design), a layout dict as optimize writes it, or a layout
    file's path. Returns {figure_name, figure, figure_error, lines, evaluation}, where
    evaluation is what `--json` writes."""
    name = "the study's layout"
    if isinstance(layout, (str, _os.PathLike)):
        import json
        name = _os.fspath(layout)
        try:
            with open(name) as f:
                layout = json.load(f)
        except (OSError, ValueError) as e:
            error = StudyError("%s: %s" % (name, e))
            error.path = name
            raise error from None
    elif layout is not None:
        name = "the given layout"
    return _detgrad.evaluate(_study(study)._handle, layout, name, _count("events", events),
                             _count("seed", seed), backend)


def gradcheck(study, *, events=None, seed=None, tolerance=1e-4):
    """`detgrad gradcheck`: the adjoint gradient against central finite differences (double,
    CPU, common random numbers). Returns what `--json` writes ("passed", per parameter)."""
    return _detgrad.gradcheck(_study(study)._handle, _count("events", events), _count("seed", seed),
                              float(tolerance))


def optimize(study, out, *, steps=None, resume=False, seed=None, backend=None, plots=False):
    """`detgrad optimize STUDY --out OUT`: the engine's optimisation loop, bitwise the command's
    run (history.csv, checkpoints, layouts, evaluation.json in OUT). Returns {out, steps_done,
    interrupted, first_loss, last_loss, design, layout, evaluation}. Ctrl-C ends the run after
    the current step with a checkpoint and raises KeyboardInterrupt (resume=True continues)."""
    return _detgrad.optimize(_study(study)._handle, _os.fspath(out), _count("steps", steps),
                             bool(resume), _count("seed", seed), backend, bool(plots))


def scan(study, params, out, *, events=None, seed=None, backend=None, plots=False):
    """`detgrad scan`: the figure of merit over a grid of one or two design parameters.

    params: {name: (start, stop, points)} with one or two entries, or a list of
    "NAME=START:STOP:N" strings as on the command line. Writes scan.csv and scan.json in OUT
    and returns scan.json's contents."""
    axes = []
    if isinstance(params, dict):
        for name, (start, stop, points) in params.items():
            axes.append((name, float(start), float(stop), int(points)))
    else:
        for text in params:
            name, sep, grid = text.partition("=")
            parts = grid.split(":")
            if not sep or len(parts) != 3:
                raise ValueError("%r: expected NAME=START:STOP:N" % text)
            axes.append((name, float(parts[0]), float(parts[1]), int(parts[2])))
    return _detgrad.scan(_study(study)._handle, axes, _os.fspath(out), _count("events", events),
                         _count("seed", seed), backend, bool(plots))


def _design_array(name, values):
    if values is None:
        return None
    a = _np.ascontiguousarray(values, dtype=_np.float64)
    if a.ndim != 1:
        raise ValueError("%s is a 1-d array, got shape %s" % (name, a.shape))
    return a


def event_outputs(study, design, events, *, step=0, seed=None, reference=None):
    """Per-event quantities of the study's first `events` events at `design` (a 1-d array in
    the order of Design(study).names), in double on the CPU, with the random numbers of
    `step` (common random numbers): {name: numpy array}, shape (events,) or (events, width)
    (e.g. SWGO's per-unit counts). `reference`: the design at which the parts of a step that
    the optimisation holds fixed are taken (tomography: the transport's reference planes;
    SWGO: the shower cores' disc); default the design itself. The arrays own the engine's
    buffers (no copy). Raises NotImplementedError for a task without per-event outputs.
    detgrad.torch.event_outputs is the same as differentiable tensors."""
    problem = _study(study).outputs_problem(_count("seed", seed))
    return problem.outputs(_design_array("the design", design), _count("events", events), int(step),
                           _design_array("the reference design", reference))


def event_outputs_vjp(study, design, events, cotangents, *, step=0, seed=None, reference=None):
    """The vector-Jacobian product of event_outputs: sum over events and columns of
    cotangents[name] * d(output[name])/d(design), as a numpy array over the design. Each
    event is replayed with the same random numbers by the task's per-event adjoint and the
    events are summed in a fixed order (bitwise the same on any number of threads).
    cotangents: {name: array of the output's shape}; absent columns count as zero."""
    problem = _study(study).outputs_problem(_count("seed", seed))
    d = {str(k): _np.ascontiguousarray(v, dtype=_np.float64) for k, v in cotangents.items()}
    return problem.vjp(_design_array("the design", design), _count("events", events), int(step),
                       _design_array("the reference design", reference), d)


def write_event_table(study, path, events, *, seed=None, backend=None):
    """Writes event_table(study, events) to `path`: HDF5 (".h5", ".hdf5": a pandas table under
    the key "events", read back with pandas.read_hdf(path, "events"); needs Debian's
    python3-pandas and python3-tables) or CSV (".csv", the per-event file's format without
    its header comments). Returns the path."""
    path = _os.fspath(path)
    table = event_table(study, events, seed=seed, backend=backend)
    suffix = _os.path.splitext(path)[1].lower()
    if suffix in (".h5", ".hdf5"):
        import pandas
        pandas.DataFrame(table).to_hdf(path, key="events", mode="w", format="table", complevel=1,
                                       complib="zlib")
    elif suffix == ".csv":
        names = list(table)
        _np.savetxt(path, _np.column_stack([table[n] for n in names]), delimiter=",", header=",".join(names),
                    comments="", fmt="%.17g")
    else:
        raise ValueError("%s: the format is chosen by the suffix: .h5, .hdf5 or .csv" % path)
    return path


from .design import Design  # noqa: E402  (uses Study above)
