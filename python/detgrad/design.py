"""A task's design parameters as a named, ordered vector (docs/python.md, "Design")."""
import numpy as _np


class Design:
    """The design of a study as a vector: names (as in history.csv), units, groups, bounds
    and values, in the task's order. Starts at the study's own design.

    design = detgrad.Design(study)
    design["panel_z[0]"] = 0.97        # set one value by name
    design.values = new_values         # or all of them
    design.project()                   # onto the bounds and the task's constraints
    loss, gradient, terms = design.loss(step=0, events=10000)
    """

    def __init__(self, study, *, seed=None, backend=None):
        from . import _study
        self.study = _study(study)
        self.problem = self.study.problem(seed, backend)
        specs = self.problem.parameters
        self.names = [s["name"] for s in specs]
        self.units = [s["unit"] for s in specs]
        self.groups = [s["group"] for s in specs]
        self.lower = _np.array([s["lower"] for s in specs], dtype=_np.float64)
        self.upper = _np.array([s["upper"] for s in specs], dtype=_np.float64)
        self._index = {name: i for i, name in enumerate(self.names)}
        self._values = _np.array(self.problem.initial(), dtype=_np.float64)

    def __len__(self):
        return len(self.names)

    @property
    def values(self):
        """The values (a float64 array, the design's own: changes to it change the design)."""
        return self._values

    @values.setter
    def values(self, values):
        values = _np.asarray(values, dtype=_np.float64)
        if values.shape != self._values.shape:
            raise ValueError("a design of this study has %d values, got shape %s" % (len(self), values.shape))
        self._values = values.copy()

    def index(self, name):
        try:
            return self._index[name]
        except KeyError:
            raise KeyError("%r is not a design parameter of this study (they are: %s%s)"
                           % (name, ", ".join(self.names[:12]), ", ..." if len(self) > 12 else "")) from None

    def __getitem__(self, name):
        return float(self._values[self.index(name)])

    def __setitem__(self, name, value):
        self._values[self.index(name)] = float(value)

    def initial(self):
        """The study's own design (a new array)."""
        return _np.array(self.problem.initial(), dtype=_np.float64)

    def project(self):
        """Clamps the values to their bounds, then applies the task's constraints (what
        `detgrad optimize` does after every step); returns the projected values."""
        self._values = _np.array(self.problem.project(self._values), dtype=_np.float64)
        return self._values

    def layout(self):
        """The layout of the current values, as optimize writes layout files (a dict)."""
        return self.problem.layout(self._values)

    def loss(self, *, step=0, events=None):
        """The engine's optimisation loss at the current values for step `step` (the random
        numbers of that step: common random numbers between calls) with `events` events
        (default: the study's events per step). Returns (loss, gradient array, terms dict)."""
        return self.problem.evaluate(self._values, int(step), events)

    def specs(self):
        """One dict per parameter: name, unit, group, lower, upper, value."""
        return [dict(name=n, unit=u, group=g, lower=float(lo), upper=float(hi), value=float(v))
                for n, u, g, lo, hi, v in zip(self.names, self.units, self.groups, self.lower, self.upper,
                                              self._values)]

    def as_dict(self):
        """{name: value} in the task's order."""
        return {n: float(v) for n, v in zip(self.names, self._values)}

    def __repr__(self):
        return "detgrad.Design(%s, %d parameters)" % (self.study.name, len(self))
