"""surgesim report OUT_DIR: a self-contained report.html (figures embedded) and the PNGs beside it,
in OUT_DIR/report/, for a run, a compare or a sweep output folder.

    python3 -m surgesim.report out/beijing-2022-12

Every time axis carries dates and marks the policy events; with replications, p5-p95 bands; the
observed series a scenario names (observed.csv) are drawn on top.
"""

import argparse
import base64
import html
import io
import json
import os
import pathlib
import shutil
import sys
import textwrap
from functools import cached_property

import matplotlib
import numpy as np
import pandas as pd

from ._tables import kpi_summary, read_csv_text

# Figures are made with the object API (matplotlib.figure.Figure), so the report needs no display
# and leaves pyplot's state alone; in Jupyter, figures returned are shown by the caller.
from matplotlib.figure import Figure
import matplotlib.dates as mdates

BAND = (0.05, 0.95)
A_COLOR, B_COLOR = "#1f77b4", "#d62728"


# ---------------------------------------------------------------------------------------------
# What a report reads


class RunData:
    """A run's output files as DataFrames (from a folder or from a Result's texts)."""

    def __init__(self, texts):
        self.texts = texts
        self.summary = json.loads(texts["summary.json"])
        self.name = self.summary.get("scenario", "")

    @classmethod
    def from_folder(cls, folder):
        folder = pathlib.Path(folder)
        return cls({p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()
                    if p.is_file() and p.suffix in (".csv", ".json", ".yaml")})

    @classmethod
    def from_texts(cls, files):
        return cls(dict(files))

    def table(self, name):
        return read_csv_text(self.texts[name]) if name in self.texts else None

    @cached_property
    def board(self):
        return self.table("board_timeseries.csv")

    @cached_property
    def board_reps(self):
        return self.table("board_replications.csv")

    @cached_property
    def events(self):
        return self.table("policy_events.csv")

    @cached_property
    def observed(self):
        return self.table("observed.csv")

    @cached_property
    def scale(self):
        return float(self.summary.get("scale", 1.0))


class CompareData:
    """A comparison: compare.csv and, where written, each variant's board."""

    def __init__(self, table, a_board=None, b_board=None, a_name="A", b_name="B", a_events=None,
                 b_events=None, alpha=0.05):
        self.table, self.a_board, self.b_board = table, a_board, b_board
        self.a_name, self.b_name = a_name, b_name
        self.a_events, self.b_events = a_events, b_events
        self.alpha = alpha

    @classmethod
    def from_folder(cls, folder):
        folder = pathlib.Path(folder)
        j = json.loads((folder / "compare.json").read_text(encoding="utf-8"))

        def csv(name):
            p = folder / name
            return read_csv_text(p.read_text(encoding="utf-8")) if p.exists() else None

        return cls(csv("compare.csv"), csv("a_board_timeseries.csv"), csv("b_board_timeseries.csv"),
                   j.get("a", {}).get("source", "A"), j.get("b", {}).get("source", "B"),
                   csv("a_policy_events.csv"), csv("b_policy_events.csv"), j.get("alpha", 0.05))

    @classmethod
    def from_results(cls, table, a, b, alpha=0.05):
        return cls(pd.DataFrame(table), a.series("board"), b.series("board"),
                   a.scenario.name if a.scenario else "A", b.scenario.name if b.scenario else "B",
                   a.policy_events, b.policy_events, alpha)


class SweepData:
    """A sweep: its rows, its per-point summary and its parameters."""

    def __init__(self, rows, summary, parameters):
        self.rows, self.summary, self.parameters = rows, summary, list(parameters)

    @classmethod
    def from_folder(cls, folder):
        folder = pathlib.Path(folder)
        rows = read_csv_text((folder / "sweep.csv").read_text(encoding="utf-8"))
        summary = read_csv_text((folder / "sweep_summary.csv").read_text(encoding="utf-8"))
        return cls(rows, summary, _sweep_parameters(summary))

    @classmethod
    def from_frames(cls, rows, summary):
        return cls(pd.DataFrame(rows), summary, _sweep_parameters(summary))


def _sweep_parameters(summary):
    cols = list(summary.columns)
    first_kpi = next(i for i, c in enumerate(cols) if c.endswith("_mean"))
    return cols[2:first_kpi]


# ---------------------------------------------------------------------------------------------
# Drawing helpers


def _figure(rows, cols, title, height=3.0):
    fig = Figure(figsize=(6.2 * cols, height * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    return fig, [ax for row in axes for ax in row]


def _date_axis(ax):
    loc = mdates.AutoDateLocator(minticks=4, maxticks=8)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    ax.set_xlabel("date")
    ax.grid(True, alpha=0.3)


def _event_groups(events):
    """City-wide policy events that took effect (first replication), grouped by date: a list of
    (date, [policy, ...]) in date order; and the dates of district-scope ones."""
    if events is None or events.empty:
        return [], []
    eff = events[events["event"] == "effective"]
    if "replication" in eff.columns and len(eff):
        eff = eff[eff["replication"] == eff["replication"].min()]
    city = eff[eff["scope"] == "city"]
    groups = [(d, list(dict.fromkeys(g["policy"]))) for d, g in city.groupby("date")]
    districts = sorted(set(eff[eff["scope"] != "city"]["date"]))
    return groups, districts


def _mark_events(ax, events, label=True):
    """Policy events: a dashed line on each date a city-wide policy took effect, numbered P1, P2,
    ... (the figure's caption names them); lighter lines where a district's did."""
    groups, districts = _event_groups(events)
    for d in districts:
        ax.axvline(d, color="0.8", ls=":", lw=0.8, zorder=0)
    step, previous = 0, None
    for i, (d, _) in enumerate(groups, 1):
        ax.axvline(d, color="0.4", ls="--", lw=0.8, zorder=0)
        if label:
            # Labels of dates close together step down, so they do not overprint.
            step = (step + 1) % 4 if previous is not None and (d - previous).days < 5 else 0
            previous = d
            ax.annotate(f"P{i}", (d, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(1, -2 - 8 * step), textcoords="offset points", va="top",
                        ha="left", fontsize=6.5, color="0.25")


def _event_caption(fig, events):
    """The figure's footnote: which policies P1, P2, ... are."""
    groups, districts = _event_groups(events)
    if not groups and not districts:
        return
    parts = [f"P{i} {d:%m-%d}: {', '.join(p)}" for i, (d, p) in enumerate(groups, 1)]
    text = "Policies (dashed): " + "; ".join(parts)
    if districts:
        text += "; dotted: a district's policy took effect"
    width = int(17 * fig.get_figwidth())  # characters a line at 7 points
    fig.supxlabel("\n".join(textwrap.wrap(text, width)), x=0.01, ha="left", fontsize=7,
                  color="0.25")


def _band(ax, reps, metric, color, scope="city"):
    """p5-p95 over replications of a board metric (needs at least 3)."""
    if reps is None or metric not in reps.columns:
        return
    r = reps[reps["scope"] == scope]
    if r["replication"].nunique() < 3:
        return
    q = r.groupby("date")[metric].quantile(list(BAND)).unstack()
    ax.fill_between(q.index, q[BAND[0]], q[BAND[1]], color=color, alpha=0.2, lw=0,
                    label="p5–p95 of replications")


def _observed(ax, observed, series, scale=1.0, **kw):
    """Observed figures (black diamonds, with their ranges); counts times the run's scale."""
    if observed is None:
        return
    o = observed[observed["series"] == series].copy()
    if o.empty:
        return
    label = "observed"
    if not series.endswith("_percent") and scale != 1:
        for c in ("value", "low", "high"):
            if c in o.columns:
                o[c] = o[c] * scale
        label = f"observed × {scale:g} (the run's scale)"
    yerr = None
    if {"low", "high"} <= set(o.columns) and o[["low", "high"]].notna().any().any():
        low = (o["value"] - o["low"]).fillna(0).clip(lower=0)
        high = (o["high"] - o["value"]).fillna(0).clip(lower=0)
        yerr = [low.to_numpy(), high.to_numpy()]
    ax.errorbar(o["date"], o["value"], yerr=yerr, fmt="D", color="black", ms=5, capsize=3,
                label=label, zorder=5, **kw)


def _city_panel(ax, data, metric, title, ylabel, color="#1f77b4", observed_series=None,
                scale=1.0, label="simulated (mean of replications)"):
    board = data.board
    if board is None or metric not in board.columns:
        ax.set_visible(False)
        return
    city = board[board["scope"] == "city"]
    _band(ax, data.board_reps, metric, color)
    ax.plot(city["date"], city[metric] * scale, color=color, lw=1.6, label=label)
    _observed(ax, data.observed, observed_series or metric, data.scale)
    _mark_events(ax, data.events)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    _date_axis(ax)
    ax.legend(fontsize=7, loc="best")


def _has(data, *metrics):
    b = data.board
    return b is not None and all(m in b.columns and b[m].notna().any() for m in metrics)


# ---------------------------------------------------------------------------------------------
# A run


def _epidemic_figure(data):
    board = data.board
    districts = board[board["scope"] != "city"]
    fig, axes = _figure(1, 3, "Epidemic: infections and symptomatic by district")
    for ax, metric, title, ylabel in (
            (axes[0], "new_infections", "New infections per day", "people per day"),
            (axes[1], "symptomatic", "New symptomatic cases per day", "people per day")):
        wide = districts.pivot_table(index="date", columns="scope", values=metric)
        wide = wide[wide.sum().sort_values(ascending=False).index]
        ax.stackplot(wide.index, wide.T.to_numpy(), labels=wide.columns, alpha=0.85)
        _mark_events(ax, data.events)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        _date_axis(ax)
    for ax in axes[:2]:
        ax.legend(fontsize=6, ncol=2, loc="upper right", title="district", title_fontsize=7)
    city = board[board["scope"] == "city"]
    population = data.summary.get("population") or np.nan
    ax = axes[2]
    ax.plot(city["date"], 100 * city["new_infections"].cumsum() / population, lw=1.6,
            label="simulated (mean)")
    _observed(ax, data.observed, "attack_rate_percent")
    _mark_events(ax, data.events)
    ax.set_title("Share of the population ever infected")
    ax.set_ylabel("% of the population")
    ax.set_ylim(0, 100)
    _date_axis(ax)
    ax.legend(fontsize=7, loc="best")
    return fig


def _clinics_figure(data):
    fig, axes = _figure(2, 2, "Fever clinics: arrivals, waits, queues, patients left unseen")
    _city_panel(axes[0], data, "fever_arrivals", "Arrivals at fever clinics", "patients per day",
                observed_series="fever_arrivals")
    _city_panel(axes[1], data, "fever_wait_mean_min", "Waits: mean and 95th percentile",
                "minutes", label="mean wait")
    board = data.board
    city = board[board["scope"] == "city"]
    axes[1].plot(city["date"], city["fever_wait_p95_min"], color="#ff7f0e", lw=1.2,
                 label="95th-percentile wait")
    _band(axes[1], data.board_reps, "fever_wait_p95_min", "#ff7f0e")
    axes[1].legend(fontsize=7, loc="best")
    _city_panel(axes[2], data, "fever_queue_peak", "Longest queue of the day at any clinic",
                "patients waiting")
    _city_panel(axes[3], data, "fever_left_unseen", "Patients who left unseen", "patients per day",
                color="#d62728")
    return fig


def _medicines_figure(data):
    fig, axes = _figure(1, 3, "Medicines: stock, stock-outs and patients without a drug")
    clinics = data.table("timeseries.csv")
    ax = axes[0]
    if clinics is not None and "tablets_on_hand" in clinics.columns:
        stock = clinics.groupby("date")["tablets_on_hand"].sum()
        ax.plot(stock.index, stock.to_numpy() / 1e3, lw=1.6, label="simulated (mean)")
        _mark_events(ax, data.events)
        ax.set_title("Tablets on hand in the fever clinics")
        ax.set_ylabel("thousand tablets")
        _date_axis(ax)
        ax.legend(fontsize=7, loc="best")
    else:
        ax.set_visible(False)
    _city_panel(axes[1], data, "drug_stockout_facilities", "Clinics out of stock",
                "clinics", color="#9467bd")
    _city_panel(axes[2], data, "patients_without_drug", "Patients who got no drug",
                "patients per day", color="#d62728")
    return fig


def _ems_figure(data):
    fig, axes = _figure(2, 2, "120 emergency service: calls, dispatches, response, abandoned calls")
    _city_panel(axes[0], data, "ems_calls", "Calls to 120", "calls per day",
                observed_series="ems_calls")
    _city_panel(axes[1], data, "ems_dispatches", "Vehicles dispatched", "dispatches per day",
                observed_series="ems_dispatches")
    _city_panel(axes[2], data, "ems_response_mean_min", "Mean response time", "minutes")
    _city_panel(axes[3], data, "ems_calls_abandoned", "Calls abandoned before answer or dispatch",
                "calls per day", color="#d62728")
    return fig


def _capacity(data, metric):
    """A pool's capacity by day: occupancy / share where the share is above 0 (carried over)."""
    reps = data.board_reps
    if reps is None or f"{metric}_share" not in reps.columns:
        return None
    r = reps[(reps["scope"] == "city") & (reps[f"{metric}_share"] > 0)]
    cap = (r[metric] / r[f"{metric}_share"]).groupby(r["date"]).median()
    days = data.board[data.board["scope"] == "city"]["date"]
    return cap.reindex(days).ffill()  # unknown before the pool is first used


def _hospital_figure(data):
    fig, axes = _figure(2, 2, "Hospitals: occupancy against capacity")
    for ax, metric, title in ((axes[0], "ed_occupancy", "Emergency departments"),
                              (axes[1], "ward_occupancy", "Wards (tiers 1-3)"),
                              (axes[2], "icu_occupancy", "ICU"),
                              (axes[3], "fangcang_occupancy", "Makeshift hospitals (fangcang)")):
        if not _has(data, metric):
            ax.set_visible(False)
            continue
        _city_panel(ax, data, metric, title, "occupied beds (daily peak)")
        cap = _capacity(data, metric)
        if cap is not None:
            ax.step(cap.index, cap.to_numpy(), where="post", color="black", lw=1.2,
                    label="capacity")
            ax.legend(fontsize=7, loc="best")
    return fig


def _deaths_figure(data):
    fig, axes = _figure(1, 2, "Deaths")
    hosp = data.table("hospital_timeseries.csv")
    epi = data.table("epidemic_timeseries.csv")
    ax = axes[0]
    if hosp is not None:
        ax.plot(hosp["date"], hosp["deaths"] - hosp["deaths_without_icu"], lw=1.5,
                label="in hospital (not denied ICU)")
        ax.plot(hosp["date"], hosp["deaths_without_icu"], lw=1.5, color="#d62728",
                label="in hospital, denied ICU")
    if epi is not None and "deaths_at_home" in epi.columns:
        home = epi.groupby("date")["deaths_at_home"].sum()
        ax.plot(home.index, home.to_numpy(), lw=1.2, color="0.4", label="at home")
    _mark_events(ax, data.events)
    ax.set_title("Deaths per day")
    ax.set_ylabel("deaths per day")
    _date_axis(ax)
    ax.legend(fontsize=7, loc="best")
    _city_panel(axes[1], data, "icu_denied", "Critical patients denied an ICU bed",
                "patients per day", color="#d62728")
    return fig


def run_figures(data):
    """(name, Figure) of every figure the run's models support."""
    figs = []
    if _has(data, "new_infections"):
        figs.append(("epidemic", _epidemic_figure(data)))
    if _has(data, "fever_arrivals"):
        figs.append(("fever_clinics", _clinics_figure(data)))
        figs.append(("medicines", _medicines_figure(data)))
    if _has(data, "ems_calls"):
        figs.append(("ems_120", _ems_figure(data)))
    if _has(data, "icu_occupancy") or _has(data, "ward_occupancy"):
        figs.append(("hospitals", _hospital_figure(data)))
        figs.append(("deaths", _deaths_figure(data)))
    for _, f in figs:
        _event_caption(f, data.events)
    return figs


def _breaks_table(summary):
    rows = []
    for pool, b in summary.get("breaks", {}).items():
        rows.append({"pool": pool, "where": "city", "at capacity when": b.get("what", ""),
                     "share of replications": b.get("share_of_replications"),
                     "first date": b.get("first_date") or "never",
                     "days at capacity (mean)": b.get("days_mean")})
        for d, db in (b.get("districts") or {}).items():
            rows.append({"pool": pool, "where": d, "at capacity when": "",
                         "share of replications": db.get("share_of_replications"),
                         "first date": db.get("first_date") or "never",
                         "days at capacity (mean)": db.get("days_mean")})
    df = pd.DataFrame(rows)
    if not df.empty:
        df = df.sort_values(["first date", "pool"], key=lambda c: c.replace("never", "9999"))
    return df




def run_report(data, out_dir=None):
    figs = run_figures(data)
    if out_dir is not None:
        s = data.summary
        intro = (f"{s.get('days')} days from {s.get('start_date')}, {s.get('replications')} "
                 f"replications, seed {s.get('seed')}.")
        if data.observed is not None:
            intro += " Black diamonds: observed figures (observed.csv), with their ranges."
        events = data.events
        tables = [("Where it breaks first", _breaks_table(s)),
                  ("KPIs (mean over replications, 95% CI)", kpi_summary(data.texts["summary.json"]))]
        if events is not None and not events.empty:
            first = events[events["replication"] == events["replication"].min()]
            tables.append(("Policy events (replication %d)" % events["replication"].min(),
                           first.assign(date=first["date"].dt.strftime("%Y-%m-%d"))))
        _write(out_dir, f"surgesim report: {data.name}", intro, figs, tables)
    return [f for _, f in figs]


# ---------------------------------------------------------------------------------------------
# A comparison

COMPARE_METRICS = [
    ("fever_arrivals", "Fever-clinic arrivals", "patients per day"),
    ("fever_wait_p95_min", "95th-percentile fever-clinic wait", "minutes"),
    ("patients_without_drug", "Patients who got no drug", "patients per day"),
    ("ems_calls_abandoned", "120 calls abandoned", "calls per day"),
    ("icu_occupancy", "ICU occupancy (daily peak)", "beds"),
    ("deaths", "Deaths", "deaths per day"),
    ("new_infections", "New infections", "people per day"),
    ("fever_left_unseen", "Fever-clinic patients who left unseen", "patients per day"),
]


def _difference_figure(table, a_name, b_name, alpha=0.05):
    """Each KPI's change B - A with its 95% CI: relative to A's mean where that is not 0, and in
    the KPI's own units (a second panel) where it is."""
    t = table.copy()
    base = t["a_mean"].abs()
    relative = base > 0
    t["rel"] = 100 * t["diff_mean"] / base.where(relative)
    t["lo"] = 100 * t["diff_ci95_low"] / base.where(relative)
    t["hi"] = 100 * t["diff_ci95_high"] / base.where(relative)
    parts = [(t[relative].sort_values("rel"), "rel", "lo", "hi",
              "change of B from A, % of A's mean (95% CI)")]
    if (~relative).any():
        z = t[~relative].sort_values("diff_mean")
        parts.append((z, "diff_mean", "diff_ci95_low", "diff_ci95_high",
                      "change of B from A (A's mean is 0), in the KPI's units"))
    heights = [max(len(p[0]), 1) for p in parts]
    fig = Figure(figsize=(8.5, 0.28 * sum(heights) + 1.8 * len(parts)), layout="constrained")
    axes = fig.subplots(len(parts), 1, squeeze=False,
                        gridspec_kw={"height_ratios": heights})[:, 0]
    fig.suptitle(f"What B changed, KPI by KPI\nA: {a_name}\nB: {b_name}", fontsize=10)
    for ax, (d, x, lo, hi, xlabel) in zip(axes, parts):
        sig = (d["significant"].astype(str).str.lower() == "true").to_numpy()
        y = np.arange(len(d))
        err = [(d[x] - d[lo]).fillna(0).clip(lower=0), (d[hi] - d[x]).fillna(0).clip(lower=0)]
        ax.errorbar(d[x], y, xerr=err, fmt="none", ecolor="0.5", capsize=2)
        ax.scatter(d[x][~sig], y[~sig], color="0.55", zorder=3,
                   label=f"not significant (Holm, {alpha:g})")
        ax.scatter(d[x][sig], y[sig], color=B_COLOR, zorder=3,
                   label=f"significant (Holm, family-wise {alpha:g})")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(y, d["kpi"], fontsize=7)
        ax.set_ylabel("KPI")
        ax.set_xlabel(xlabel)
        ax.set_title("relative change" if x == "rel" else "absolute change", fontsize=9)
        ax.grid(True, axis="x", alpha=0.3)
        ax.legend(fontsize=7, loc="best")
    return fig


def _ab_figure(data):
    metrics = [m for m in COMPARE_METRICS
               if all(b is not None and m[0] in b.columns and b[m[0]].notna().any()
                      for b in (data.a_board, data.b_board))]
    if not metrics:
        return None
    cols = 2
    rows = (len(metrics) + 1) // 2
    fig, axes = _figure(rows, cols, "A and B, city-wide, day by day")
    for ax, (metric, title, ylabel) in zip(axes, metrics):
        for board, color, name in ((data.a_board, A_COLOR, "A"), (data.b_board, B_COLOR, "B")):
            city = board[board["scope"] == "city"]
            ax.plot(city["date"], city[metric], color=color, lw=1.5, label=name)
        _mark_events(ax, data.a_events, label=False)  # A's policies: lines only
        _mark_events(ax, data.b_events)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        _date_axis(ax)
        ax.legend(fontsize=7, loc="best")
    for ax in axes[len(metrics):]:
        ax.set_visible(False)
    _event_caption(fig, data.b_events)  # numbered: B's policies
    return fig


def compare_report(data, out_dir=None):
    figs = []
    ab = _ab_figure(data) if data.a_board is not None and data.b_board is not None else None
    if ab is not None:
        figs.append(("a_and_b", ab))
    figs.append(("differences", _difference_figure(data.table, data.a_name, data.b_name,
                                                   data.alpha)))
    if out_dir is not None:
        intro = (f"A: {data.a_name}. B: {data.b_name}. B - A per KPI on the replications of "
                 "both (paired by seed when they share their streams), Holm across KPIs.")
        _write(out_dir, "surgesim report: comparison", intro, figs,
               [("KPI by KPI", data.table.set_index("kpi"))])
    return [f for _, f in figs]


# ---------------------------------------------------------------------------------------------
# A sweep


def _short(p):
    return p.split(".")[-1] if len(p) > 28 else p


def _sweep_kpis(summary, limit=6):
    """The KPIs that vary most across the points (relative spread of their means)."""
    kpis = [c[:-5] for c in summary.columns if c.endswith("_mean")]
    spread = {}
    for k in kpis:
        m = summary[f"{k}_mean"]
        scale = m.abs().mean()
        spread[k] = (m.max() - m.min()) / scale if scale > 0 else 0
    ranked = sorted(kpis, key=lambda k: -spread[k])
    return [k for k in ranked if spread[k] > 0][:limit] or ranked[:limit]


def _axis_values(values):
    """A parameter's values as numbers, or (for words and dates) as category positions."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        return numeric, None
    cats = list(dict.fromkeys(values.astype(str)))
    return values.astype(str).map({c: i for i, c in enumerate(cats)}), cats


def _sweep_figures(data):
    figs = []
    kpis = _sweep_kpis(data.summary)
    s = data.summary
    for p in data.parameters:
        fig, axes = _figure((len(kpis) + 2) // 3, 3, f"KPIs against {p}", height=2.8)
        x, cats = _axis_values(s[p])
        for ax, k in zip(axes, kpis):
            ax.errorbar(x, s[f"{k}_mean"], yerr=[s[f"{k}_mean"] - s[f"{k}_ci95_low"],
                                                  s[f"{k}_ci95_high"] - s[f"{k}_mean"]],
                        fmt="o", ms=4, alpha=0.6, capsize=2, label="design point (95% CI)")
            if x.nunique() < len(x):  # values repeat (a grid): their mean over the others
                means = s.groupby(x)[f"{k}_mean"].mean()
                ax.plot(means.index, means.to_numpy(), color="black", lw=1.2,
                        label="mean over the other parameters")
            if cats:
                ax.set_xticks(range(len(cats)), cats, fontsize=7, rotation=30)
            ax.set_xlabel(_short(p))
            ax.set_ylabel(f"{k} (mean)")
            ax.set_title(k, fontsize=9)
            ax.grid(True, alpha=0.3)
            ax.legend(fontsize=6, loc="best")
        for ax in axes[len(kpis):]:
            ax.set_visible(False)
        figs.append((f"sweep_{len(figs)}", fig))
    if len(data.parameters) >= 2:
        p1, p2 = data.parameters[:2]
        grid = s[p1].nunique() * s[p2].nunique() <= len(s)
        fig, axes = _figure((len(kpis) + 2) // 3, 3,
                            f"{'Heat maps' if grid else 'Maps'}: {_short(p1)} × {_short(p2)}"
                            + (" (means over the other parameters)" if grid else ""), height=3.2)
        for ax, k in zip(axes, kpis):
            if grid:
                table = s.pivot_table(index=p1, columns=p2, values=f"{k}_mean", aggfunc="mean")
                im = ax.imshow(table.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
                ax.set_xticks(range(len(table.columns)), [str(v) for v in table.columns],
                              fontsize=7)
                ax.set_yticks(range(len(table.index)), [str(v) for v in table.index], fontsize=7)
            else:  # Latin hypercube, Sobol: each point where it lies, coloured by the KPI
                x, _ = _axis_values(s[p2])
                y, _ = _axis_values(s[p1])
                im = ax.scatter(x, y, c=s[f"{k}_mean"], cmap="viridis", s=30)
            ax.set_xlabel(_short(p2))
            ax.set_ylabel(_short(p1))
            ax.set_title(k, fontsize=9)
            fig.colorbar(im, ax=ax, shrink=0.8, label=f"{k} (mean)")
        for ax in axes[len(kpis):]:
            ax.set_visible(False)
        figs.append(("sweep_heatmaps", fig))
    return figs


def sweep_report(data, out_dir=None):
    figs = _sweep_figures(data)
    if out_dir is not None:
        intro = (f"{len(data.summary)} design points, {len(data.rows)} runs; parameters: "
                 + ", ".join(data.parameters) + ".")
        _write(out_dir, "surgesim report: sweep", intro, figs,
               [("Per point (means)", data.summary[["point", "replications"] + data.parameters +
                                                   [c for c in data.summary.columns
                                                    if c.endswith("_mean")]])])
    return [f for _, f in figs]


# ---------------------------------------------------------------------------------------------
# Writing


def _write(out_dir, title, intro, figs, tables):
    """report.html (PNG figures embedded) and the PNGs, staged then moved into out_dir."""
    out_dir = pathlib.Path(out_dir)
    if out_dir.exists() and not _is_report(out_dir):
        raise ValueError(f"{out_dir}: holds files that are not a surgesim report; choose an empty "
                         "or new folder")
    stage = out_dir.with_name(f".{out_dir.name}.staging")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        _write_stage(stage, title, intro, figs, tables)
        old = out_dir.with_name(f".{out_dir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if out_dir.exists():
            out_dir.rename(old)
        stage.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out_dir / "report.html"


def _is_report(folder):
    """A folder a report may replace: a directory holding only report.html and PNGs."""
    return folder.is_dir() and all(p.is_file() and (p.name == "report.html" or p.suffix == ".png")
                                   for p in folder.iterdir())


def _write_stage(stage, title, intro, figs, tables):
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
             "</title><style>body{font-family:sans-serif;max-width:1300px;margin:auto;"
             "padding:1em}img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}"
             "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;"
             "padding:2px 6px;text-align:right}</style></head><body>",
             f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>"]
    for name, fig in figs:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        png = buf.getvalue()
        (stage / f"{name}.png").write_bytes(png)
        parts.append(f"<h2>{html.escape(fig._suptitle.get_text() if fig._suptitle else name)}"
                     f"</h2><img alt='{name}' src='data:image/png;base64,"
                     f"{base64.b64encode(png).decode()}'>")
    for caption, table in tables:
        if table is None or len(table) == 0:
            continue
        parts.append(f"<h2>{html.escape(caption)}</h2>")
        parts.append(table.to_html(float_format=lambda v: f"{v:,.4g}", na_rep=""))
    parts.append("</body></html>")
    (stage / "report.html").write_text("\n".join(parts), encoding="utf-8")


def report_folder(folder, out=None):
    """The report of an output folder (run, compare or sweep) into `out` (default
    FOLDER/report); returns the path of report.html."""
    folder = pathlib.Path(folder)
    out = pathlib.Path(out) if out else folder / "report"
    if (folder / "summary.json").exists():
        run_report(RunData.from_folder(folder), out)
    elif (folder / "compare.json").exists():
        compare_report(CompareData.from_folder(folder), out)
    elif (folder / "sweep.json").exists():
        sweep_report(SweepData.from_folder(folder), out)
    else:
        raise FileNotFoundError(f"{folder}: not a surgesim output folder (no summary.json, "
                                "compare.json or sweep.json)")
    return out / "report.html"


def main(argv=None):
    matplotlib.use("Agg")
    parser = argparse.ArgumentParser(
        prog="surgesim report",
        description="A self-contained report.html with PNG figures for a run, compare or sweep "
                    "output folder.")
    parser.add_argument("folder", help="a surgesim output folder")
    parser.add_argument("--out", "-o", help="where report.html and the PNGs go "
                                            "(default: FOLDER/report)")
    args = parser.parse_args(argv)
    try:
        path = report_folder(args.folder, args.out)
    except (OSError, KeyError, ValueError) as e:  # JSONDecodeError is a ValueError
        print(f"surgesim report: {e}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
