"""The Python face of surgesim: scenarios, runs, comparisons and sweeps as pandas DataFrames.

Every table is parsed from the very text the CLI writes (round-trip float parsing), so a number
here equals the CLI's to the last digit.
"""

import contextlib
import json
import os
import pathlib
import tempfile
from functools import cached_property

import pandas as pd

from . import _surgesim
from ._errors import ScenarioError
from ._tables import kpi_summary, read_csv_text

# Result.series(kind) -> the output file it reads.
SERIES_FILES = {
    "epidemic": "epidemic_timeseries.csv",
    "clinics": "timeseries.csv",
    "ems": "ems_timeseries.csv",
    "hospital": "hospital_timeseries.csv",
    "board": "board_timeseries.csv",
    "board_replications": "board_replications.csv",
}


def _json_default(v):
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    if isinstance(v, pathlib.PurePath):
        return str(v)
    raise TypeError(f"set: cannot write {v!r} as YAML")


def _yaml_value(v):
    """A Python value as the text of a --set: strings as written (read as YAML, as the CLI reads
    them: "7" is a number, "yes" a boolean), anything else as JSON (which is YAML)."""
    if isinstance(v, str):
        return v
    if isinstance(v, pathlib.PurePath):
        return str(v)
    return json.dumps(v, default=_json_default)


def _overrides(set_):
    """--set overrides from a dict {path: value}, a "path=value" string or a list of them."""
    if set_ is None:
        return []
    if isinstance(set_, str):
        return [set_]
    if isinstance(set_, dict):
        return [f"{k}={_yaml_value(v)}" for k, v in set_.items()]
    return [str(s) for s in set_]


@contextlib.contextmanager
def _temp_yaml(text, folder=None):
    """`text` in a hidden file (in `folder`, else the system's temporary folder) for the time."""
    fd, path = tempfile.mkstemp(prefix=".surgesim-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        yield path
    finally:
        os.unlink(path)


class Scenario:
    """A scenario file (or a dict in the scenario language) with its --set overrides, loaded and
    checked. ``run()`` runs it; ``name``, ``seed``, ``replications``, ``days``, ``start_date``,
    ``kpi_names`` and ``warnings`` describe it."""

    def __init__(self, source, set=None, base_dir=None):
        self._sets = _overrides(set)
        if isinstance(source, dict):
            self._path = None
            self._text = json.dumps(source, indent=2, default=_json_default)  # JSON is YAML
            self._base = os.fspath(base_dir) if base_dir else os.getcwd()
        else:
            self._path = os.fspath(source)
            self._text = None
        self._native = self._load(self._sets)

    def __reduce__(self):  # for Dask and multiprocessing: rebuilt from its source
        source = self._path if self._path else json.loads(self._text)
        return (_rebuild_scenario, (source, self._sets, None if self._path else self._base))

    @contextlib.contextmanager
    def file(self):
        """The scenario as a file path. A dict is written, for the time, as a hidden file in
        base_dir (so that its relative paths, extends: or observed:, resolve from there)."""
        if self._path:
            yield self._path
            return
        with _temp_yaml(self._text, self._base) as path:
            yield path

    @contextlib.contextmanager
    def _errors_as_dict(self, path):
        """Errors located in the temporary file of a dict name it "<dict>"."""
        try:
            yield
        except ScenarioError as e:
            if self._path or e.file != path:
                raise
            raise _relabel(e, path, "<dict>") from None

    def _load(self, sets):
        with self.file() as path, self._errors_as_dict(path):
            return _surgesim.load(path, list(sets))

    @property
    def sets(self):
        return list(self._sets)

    def __getattr__(self, name):
        if name in ("name", "seed", "replications", "days", "threads", "start_date", "warnings",
                    "kpi_names"):
            return getattr(self._native, name)
        raise AttributeError(name)

    def resolved_yaml(self):
        return self._native.resolved_yaml()

    def with_overrides(self, extra):
        """This scenario with more --set overrides (a new Scenario)."""
        s = object.__new__(Scenario)
        s.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_native"})
        s._sets = self._sets + _overrides(extra)
        s._native = s._load(s._sets)
        return s

    def run(self, seed=None, replications=None, threads=None):
        """Runs every replication (as ``surgesim run`` with --seed, --replications, --threads)."""
        extra = _run_overrides(seed, replications, threads)
        s = self.with_overrides(extra) if extra else self
        native = s._native
        return Result(_surgesim.run(native, native.threads), s)

    def __repr__(self):
        return f"<surgesim.Scenario {self.name!r}: {self.days} days, seed {self.seed}>"


def _rebuild_scenario(source, sets, base_dir):
    return Scenario(source, set=sets, base_dir=base_dir)


def _relabel(e, path, label):
    text = str(e).replace(path, label)
    where = label + "".join(f":{x}" for x in (e.line, e.column) if x is not None)
    return ScenarioError(text, where, e.path, e.message, [p.replace(path, label) for p in e.problems])


def load(path_or_dict, set=None, base_dir=None):
    """A scenario from a file or a dict, with overrides: ``set={"clinics[0].doctors": 4}`` (the
    CLI's --set). Raises ScenarioError when it cannot be run."""
    if isinstance(path_or_dict, Scenario):
        return path_or_dict.with_overrides(set) if set else path_or_dict
    return Scenario(path_or_dict, set=set, base_dir=base_dir)


class Result:
    """A run: every output file the CLI would write (``files``), and as DataFrames the KPIs of
    each replication (``kpis``), their ``summary``, the daily ``series(kind)``, the
    ``policy_events`` and the ``breaks`` (where the system broke first)."""

    def __init__(self, native, scenario=None):
        self._native = native
        self.scenario = scenario
        self.files = dict(native.files())

    @cached_property
    def kpis(self):
        return read_csv_text(self.files["replications.csv"]).set_index("replication")

    @cached_property
    def summary(self):
        return kpi_summary(self.files["summary.json"])

    def series(self, kind):
        """"epidemic" (per day and district), "clinics" (per day and clinic), "ems", "hospital"
        (per day), "board" (the metrics the policies read, city and districts) or
        "board_replications"; means over replications (board_replications: each)."""
        if kind not in SERIES_FILES:
            raise ValueError(f"series: expected one of {', '.join(SERIES_FILES)}, got {kind!r}")
        name = SERIES_FILES[kind]
        if name not in self.files:
            raise ValueError(f"series({kind!r}): this scenario has no such model")
        return read_csv_text(self.files[name])

    @cached_property
    def policy_events(self):
        return read_csv_text(self.files["policy_events.csv"])

    @cached_property
    def breaks(self):
        return pd.DataFrame(self._native.breaks(),
                            columns=["pool", "district", "what", "share", "first_day_mean",
                                     "days_mean"])

    @property
    def warnings(self):
        return list(self._native.warnings())

    def save(self, out_dir):
        """Writes the run's output folder as ``surgesim run --out`` does (staged, swapped in)."""
        self._native.write(os.fspath(out_dir))
        return pathlib.Path(out_dir)

    def plot(self, out_dir=None):
        """The report's figures (a list of matplotlib Figures); with ``out_dir``, also written
        there as report.html and PNGs."""
        from . import report
        return report.run_report(report.RunData.from_texts(self.files), out_dir)

    def __repr__(self):
        return (f"<surgesim.Result {self.scenario.name if self.scenario else ''!r}: "
                f"{len(self.kpis)} replications>")


class _ReportPlot:
    """``frame.plot()`` draws the surgesim report's figures; ``frame.plot.bar(...)`` and the
    other pandas plots work as on any DataFrame."""

    def __init__(self, frame, report):
        self._frame, self._report = frame, report

    def __call__(self, out_dir=None):
        return self._report(out_dir)

    def __getattr__(self, name):
        return getattr(pd.DataFrame(self._frame).plot, name)


class Comparison(pd.DataFrame):
    """compare.csv as a DataFrame (one row per KPI: A and B means, B - A with its 95% CI, the
    Holm-adjusted p-value, ...), with the two runs as ``.a`` and ``.b``. Derived frames (a
    selection, set_index, ...) are plain DataFrames."""

    _metadata = ["a", "b", "alpha"]

    @property
    def _constructor(self):
        return pd.DataFrame

    @property
    def plot(self):
        """``c.plot(out_dir=None)``: A and B on the same axes, and each KPI's difference with its
        CI (with ``out_dir``, also report.html and the PNGs there)."""
        from . import report
        return _ReportPlot(self, lambda out_dir: report.compare_report(
            report.CompareData.from_results(self, self.a, self.b, self.alpha), out_dir))


def _scenario(x, set_=None):
    """A Scenario from a path, a dict or a Scenario, with more overrides."""
    if isinstance(x, Scenario):
        return x.with_overrides(set_) if set_ else x
    return Scenario(x, set=set_)


def _run_overrides(seed=None, replications=None, threads=None):
    """--seed, --replications and --threads as overrides."""
    out = {}
    if seed is not None:
        out["run.seed"] = int(seed)
    if replications is not None:
        out["run.replications"] = int(replications)
    if threads is not None:
        out["run.threads"] = int(threads)
    return out


def compare(a, b, set=None, seed=None, replications=None, threads=None, alpha=0.05):
    """``surgesim compare A B``: B runs with A's seed and replications (common random numbers);
    a paired t test per KPI, Holm across KPIs; ``set`` overrides both. A may be a Result already
    run (several variants against one reference run it once; ``set`` then overrides B only).
    Returns a Comparison DataFrame."""
    if isinstance(a, Result):  # `set` then applies to B alone
        if seed is not None or replications is not None:
            raise ValueError("compare: A is a Result already run; B takes its seed and "
                             "replications")
        ra = a
        sa = a.scenario
    else:
        sa = _scenario(a, set)
        extra = _run_overrides(seed, replications, threads)
        if extra:
            sa = sa.with_overrides(extra)
        ra = Result(_surgesim.run(sa._native, sa.threads), sa)
    sb = _scenario(b, set).with_overrides({**_run_overrides(threads=threads),
                                           "run.seed": sa.seed,
                                           "run.replications": len(ra.kpis)})
    rb = Result(_surgesim.run(sb._native, sb.threads), sb)
    c = Comparison(read_csv_text(_surgesim.compare(ra._native, rb._native, alpha)))
    c.a, c.b, c.alpha = ra, rb, alpha
    return c


class Sweep(pd.DataFrame):
    """sweep.csv as a DataFrame (``point, replication, seed``, each parameter, each KPI), with
    ``.summary`` (sweep_summary.csv: per point, mean, sd and CI of each KPI) and
    ``.parameters``. Derived frames are plain DataFrames."""

    _metadata = ["summary", "parameters"]

    @property
    def _constructor(self):
        return pd.DataFrame

    @property
    def plot(self):
        """``sw.plot(out_dir=None)``: each KPI against each parameter, and heat maps for two."""
        from . import report
        return _ReportPlot(self, lambda out_dir: report.sweep_report(
            report.SweepData.from_frames(self, self.summary), out_dir))


@contextlib.contextmanager
def _design_file(design):
    """A design given as a dict, written to a temporary file for the time; a path as it is."""
    if isinstance(design, dict):
        with _temp_yaml(json.dumps(design, indent=2, default=_json_default)) as path:
            yield path
    else:
        yield os.fspath(design)


def _sweep_frame(text, summary_text, kpis):
    out = Sweep(read_csv_text(text))
    out.summary = read_csv_text(summary_text)
    out.parameters = [c for c in out.columns[3:] if c not in kpis]
    return out


def sweep(scenario, design, set=None, replications=None, threads=None):
    """``surgesim sweep FILE --design D``: every point of the design (a file or a dict), each
    with the design's replications (or ``replications``), on this machine's cores. Returns a
    Sweep DataFrame, its rows in (point, replication) order."""
    s = _scenario(scenario, set)
    with s.file() as path, s._errors_as_dict(path), _design_file(design) as d:
        n_threads = int(threads) if threads is not None else s.threads
        text, summary = _surgesim.sweep(path, d, s.sets, replications, n_threads)
    return _sweep_frame(text, summary, s.kpi_names)


class SweepTasks:
    """A sweep's runs for another scheduler (Dask, a batch system): ``tasks`` is the list of
    (point, replication); run each with ``run_sweep_task(scenario, design, point, replication,
    set=..., replications=...)`` anywhere, then ``assemble(rows)`` gives the very Sweep that
    ``sweep()`` gives."""

    def __init__(self, scenario, design, set=None, replications=None):
        self.scenario = _scenario(scenario, set)
        self.design = design
        self.replications = replications
        with self.scenario.file() as path, _design_file(design) as d:
            self.header, points, reps = _surgesim.sweep_tasks(path, d, self.scenario.sets,
                                                              replications)
        self.tasks = [(p, r) for p, _ in points for r in range(reps)]

    def __len__(self):
        return len(self.tasks)

    def assemble(self, rows):
        """The Sweep from the rows of every task (in any order)."""
        with self.scenario.file() as path, _design_file(self.design) as d:
            text, summary = _surgesim.sweep_assemble(path, d, self.scenario.sets,
                                                     self.replications, list(rows))
        return _sweep_frame(text, summary, self.scenario.kpi_names)


def sweep_tasks(scenario, design, set=None, replications=None):
    """The runs of a sweep, as a SweepTasks (its ``tasks`` and ``assemble(rows)``)."""
    return SweepTasks(scenario, design, set=set, replications=replications)


def run_sweep_task(scenario, design, point, replication, set=None, replications=None):
    """One run of a sweep: its sweep.csv row (text), exactly as the local sweep writes it. The
    scenario may be a path, a dict or a Scenario (all picklable, for Dask)."""
    s = _scenario(scenario, set)
    with s.file() as path, _design_file(design) as d:
        return _surgesim.sweep_task(path, d, s.sets, replications, int(point), int(replication))
