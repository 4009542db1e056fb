"""The Python face of surgesim: scenarios, runs, comparisons and sweeps as pandas DataFrames.

Every table is parsed from the very text the CLI writes (round-trip float parsing), so a number
here equals the CLI's to the last digit.
"""

import contextlib
import io
import json
import os
import pathlib
import uuid
from functools import cached_property

import pandas as pd

from . import _surgesim
from ._errors import ScenarioError

# Result.series(kind) -> the output file it reads.
SERIES_FILES = {
    "epidemic": "epidemic_timeseries.csv",
    "clinics": "timeseries.csv",
    "ems": "ems_timeseries.csv",
    "hospital": "hospital_timeseries.csv",
    "board": "board_timeseries.csv",
    "board_replications": "board_replications.csv",
}


def read_csv_text(text):
    """A surgesim CSV as a DataFrame: exact floats, `date` columns as datetime64."""
    df = pd.read_csv(io.StringIO(text), float_precision="round_trip")
    if "date" in df.columns:
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    return df


def _yaml_value(v):
    """A Python value as the YAML text of a --set (numbers, booleans, lists and dicts as JSON)."""
    if isinstance(v, str):
        return v
    if isinstance(v, pathlib.PurePath):
        return str(v)
    return json.dumps(v)


def _overrides(set_):
    if set_ is None:
        return []
    if isinstance(set_, dict):
        return [f"{k}={_yaml_value(v)}" for k, v in set_.items()]
    return [str(s) for s in set_]  # already "path=value"


class Scenario:
    """A scenario file (or a dict in the scenario language) with its --set overrides, loaded and
    checked. ``run()`` runs it; ``name``, ``seed``, ``replications``, ``days``, ``start_date``,
    ``kpi_names`` and ``warnings`` describe it."""

    def __init__(self, source, set=None, base_dir=None):
        self._sets = _overrides(set)
        if isinstance(source, dict):
            self._path = None
            self._text = json.dumps(source)  # JSON is YAML
            self._base = os.fspath(base_dir) if base_dir else os.getcwd()
        else:
            self._path = os.fspath(source)
            self._text = None
        self._native = self._load(self._sets)

    @contextlib.contextmanager
    def file(self, extra_sets=()):
        """The scenario as a file path (a dict is written beside base_dir for the time)."""
        if self._path:
            yield self._path
            return
        path = os.path.join(self._base, f".surgesim-{uuid.uuid4().hex}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self._text)
        try:
            yield path
        finally:
            os.unlink(path)

    def _load(self, sets):
        with self.file() as path:
            try:
                return _surgesim.load(path, list(sets))
            except ScenarioError as e:
                if self._path:
                    raise
                raise _relabel(e, path, "<dict>") from None

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
        extra = {}
        if seed is not None:
            extra["run.seed"] = int(seed)
        if replications is not None:
            extra["run.replications"] = int(replications)
        if threads is not None:
            extra["run.threads"] = int(threads)
        s = self.with_overrides(extra) if extra else self
        native = s._native
        return Result(_surgesim.run(native, native.threads), s)

    def __repr__(self):
        return f"<surgesim.Scenario {self.name!r}: {self.days} days, seed {self.seed}>"


def _relabel(e, path, label):
    text = str(e).replace(path, label)
    where = f"{label}:{e.line}:{e.column}" if e.line and e.column else label
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
        j = json.loads(self.files["summary.json"])
        df = pd.DataFrame.from_dict(j["kpis"], orient="index")
        df.index.name = "kpi"
        return df

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


class Comparison(pd.DataFrame):
    """compare.csv as a DataFrame (one row per KPI: A and B means, B - A with its 95% CI, the
    Holm-adjusted p-value, ...), with the two runs as ``.a`` and ``.b``."""

    _metadata = ["a", "b"]

    @property
    def _constructor(self):
        return Comparison

    def plot(self, out_dir=None):
        """A and B on the same axes, and each KPI's difference with its CI."""
        from . import report
        return report.compare_report(report.CompareData.from_results(self, self.a, self.b),
                                     out_dir)


def _scenario(x, set_=None):
    """A Scenario from a path, a dict or a Scenario, with more overrides."""
    if isinstance(x, Scenario):
        return x.with_overrides(set_) if set_ else x
    return Scenario(x, set=set_)


def compare(a, b, set=None, seed=None, replications=None, threads=None, alpha=0.05):
    """``surgesim compare A B``: B runs with A's seed and replications (common random numbers);
    a paired t test per KPI, Holm across KPIs. Returns a Comparison DataFrame."""
    threads_set = {"run.threads": int(threads)} if threads is not None else {}
    run_extra = dict(threads_set)
    if seed is not None:
        run_extra["run.seed"] = int(seed)
    if replications is not None:
        run_extra["run.replications"] = int(replications)
    sa = _scenario(a, set)
    if run_extra:
        sa = sa.with_overrides(run_extra)
    sb = _scenario(b, set).with_overrides(
        {**threads_set, "run.seed": sa.seed, "run.replications": sa.replications})
    ra = Result(_surgesim.run(sa._native, sa.threads), sa)
    rb = Result(_surgesim.run(sb._native, sb.threads), sb)
    c = Comparison(read_csv_text(_surgesim.compare(ra._native, rb._native, alpha)))
    c.a, c.b = ra, rb
    return c


class Sweep(pd.DataFrame):
    """sweep.csv as a DataFrame (``point, replication, seed``, each parameter, each KPI), with
    ``.summary`` (sweep_summary.csv: per point, mean, sd and CI of each KPI) and
    ``.parameters``."""

    _metadata = ["summary", "parameters"]

    @property
    def _constructor(self):
        return Sweep

    @classmethod
    def from_rows(cls, header, rows, summary=None):
        """A sweep from its header and rows (e.g. gathered from a cluster)."""
        df = cls(read_csv_text(header + "".join(rows)).sort_values(["point", "replication"])
                 .reset_index(drop=True))
        df.summary = summary
        return df

    def plot(self, out_dir=None):
        """Each KPI against each parameter, and heat maps for two."""
        from . import report
        return report.sweep_report(report.SweepData.from_frames(self, self.summary), out_dir)


@contextlib.contextmanager
def _design_file(design):
    if isinstance(design, dict):
        path = os.path.join(os.getcwd(), f".surgesim-design-{uuid.uuid4().hex}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(design))
        try:
            yield path
        finally:
            os.unlink(path)
    else:
        yield os.fspath(design)


def sweep(scenario, design, set=None, replications=None, threads=None):
    """``surgesim sweep FILE --design D``: every point of the design (a file or a dict), each
    with the design's replications (or ``replications``), on this machine's cores. Returns a
    Sweep DataFrame, its rows in (point, replication) order."""
    s = _scenario(scenario, set)
    with s.file() as path, _design_file(design) as d:
        n_threads = int(threads) if threads is not None else s.threads
        text, summary = _surgesim.sweep(path, d, s.sets, replications, n_threads)
    out = Sweep(read_csv_text(text))
    out.summary = read_csv_text(summary)
    out.parameters = [c for c in out.columns[3:] if c not in s.kpi_names]
    return out


def sweep_tasks(scenario, design, set=None):
    """The runs of a sweep, for another scheduler (Dask, a batch system): (header, tasks) where
    each task is (point, replication); run each with ``run_sweep_task`` and assemble with
    ``Sweep.from_rows(header, rows)``: the same rows as ``sweep()``."""
    s = _scenario(scenario, set)
    with s.file() as path, _design_file(design) as d:
        header, points, reps = _surgesim.sweep_tasks(path, d, s.sets)
    return header, [(p, r) for p, _ in points for r in range(reps)]


def run_sweep_task(scenario, design, point, replication, set=None):
    """One run of a sweep: its sweep.csv row (text), exactly as the local sweep writes it."""
    s = scenario if isinstance(scenario, Scenario) else None
    path = scenario if s is None else None
    sets = _overrides(set) if s is None else s.sets
    if s is not None:
        with s.file() as p, _design_file(design) as d:
            return _surgesim.sweep_task(p, d, sets, int(point), int(replication))
    with _design_file(design) as d:
        return _surgesim.sweep_task(os.fspath(path), d, sets, int(point), int(replication))
