"""surgesim report: a run's report holds every figure the issue lists (with dates, policy events,
bands and the observed figures), a compare's A and B and the differences, a sweep's KPIs against
parameters and heat maps; every figure has a title, axis labels and a legend."""
import re

import matplotlib.dates as mdates
import pytest

import surgesim
from conftest import SCENARIOS, cli

BEIJING = SCENARIOS / "beijing-2022-12.yaml"
RUN_FIGURES = ["epidemic", "fever_clinics", "medicines", "ems_120", "hospitals", "deaths"]


def check_figure(fig, time_axes=True):
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    assert fig._suptitle is not None or all(ax.get_title() for ax in axes)
    for ax in axes:
        assert ax.get_title(), fig
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()
        if time_axes:
            assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
            assert ax.get_legend() is not None, ax.get_title()


@pytest.fixture(scope="module")
def beijing_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "beijing"
    cli("run", BEIJING, "--set", "run.scale=0.02", "-r", 3, "--out", out)
    return out


def test_the_report_of_a_run_has_every_figure(beijing_run):
    p = cli("report", beijing_run)
    html_path = beijing_run / "report" / "report.html"
    assert p.stdout.strip() == str(html_path)
    html = html_path.read_text()
    for name in RUN_FIGURES:
        assert (beijing_run / "report" / f"{name}.png").stat().st_size > 10_000, name
        assert f"alt='{name}' src='data:image/png;base64," in html, name
    for title in ("Epidemic: infections and symptomatic by district",
                  "Fever clinics: arrivals, waits, queues, patients left unseen",
                  "Medicines: stock, stock-outs and patients without a drug",
                  "120 emergency service: calls, dispatches, response, abandoned calls",
                  "Hospitals: occupancy against capacity", "Deaths", "Where it breaks first",
                  "Policy events"):
        assert f"<h2>{title}" in html, title
    assert "observed figures" in html
    # The folder is still one run's output: a new run may replace it.
    cli("run", BEIJING, "--set", "run.scale=0.02", "--set", "run.days=20", "--out", beijing_run)
    assert not (beijing_run / "report").exists()


def test_run_figures_mark_policies_bands_and_observations():
    r = surgesim.load(BEIJING, set={"run.scale": 0.02}).run(replications=3)
    figs = r.plot()
    assert len(figs) == len(RUN_FIGURES)
    for fig in figs:
        check_figure(fig)
    clinics = figs[1]
    arrivals = clinics.axes[0]
    labels = [t.get_text() for t in arrivals.get_legend().get_texts()]
    assert "p5–p95 of replications" in labels
    assert any(l.startswith("observed × 0.02") for l in labels), labels
    assert "P1" in [t.get_text() for t in arrivals.texts]  # policy events, numbered
    caption = " ".join(t.get_text() for t in clinics.texts)
    assert "hospital-clinics-303" in caption and "city-drug-supply" in caption
    hospitals = figs[4]
    assert any("capacity" in t.get_text() for ax in hospitals.axes if ax.get_legend()
               for t in ax.get_legend().get_texts())


def test_the_report_of_a_compare(tmp_path):
    out = tmp_path / "cmp"
    cli("compare", SCENARIOS / "beijing-2022-12-no-response.yaml",
        SCENARIOS / "beijing-lever-beds.yaml", "--set", "run.scale=0.02", "-r", 3, "--out", out)
    cli("report", out)
    html = (out / "report" / "report.html").read_text()
    assert "alt='a_and_b'" in html and "alt='differences'" in html
    assert "<h2>KPI by KPI</h2>" in html
    c = surgesim.compare(SCENARIOS / "fengtai-majiabao.yaml",
                         SCENARIOS / "fengtai-majiabao-policies.yaml", replications=5)
    figs = c.plot(tmp_path / "cmp2")
    assert len(figs) == 2
    check_figure(figs[0])
    check_figure(figs[1], time_axes=False)
    assert (tmp_path / "cmp2" / "differences.png").exists()


def test_the_report_of_a_sweep(tmp_path):
    out = tmp_path / "sw"
    cli("sweep", SCENARIOS / "fengtai-majiabao.yaml", "--design",
        SCENARIOS / "designs" / "majiabao-rooms-rationing.yaml", "-r", 2, "--out", out)
    cli("report", out)
    html = (out / "report" / "report.html").read_text()
    assert len(re.findall(r"alt='sweep_\d+'", html)) == 3  # one per parameter
    assert "alt='sweep_heatmaps'" in html
    for fig in surgesim.sweep(SCENARIOS / "fengtai-majiabao.yaml",
                              SCENARIOS / "designs" / "majiabao-rooms-rationing.yaml",
                              replications=2).plot():
        check_figure(fig, time_axes=False)


def test_a_folder_that_is_no_output_is_refused(tmp_path, beijing_run):
    p = cli("report", tmp_path, check=False)
    assert p.returncode == 2
    assert "not a surgesim output folder" in p.stderr
    # A report never replaces a folder that is not a report (the run's own, say).
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine")
    for target in (keep, beijing_run):
        p = cli("report", beijing_run, "--out", target, check=False)
        assert p.returncode == 2 and "not a surgesim report" in p.stderr
    assert (keep / "notes.txt").read_text() == "mine"
    assert (beijing_run / "summary.json").exists()


def test_the_differences_chart_has_every_kpi():
    c = surgesim.compare(SCENARIOS / "fengtai-majiabao.yaml",
                         SCENARIOS / "fengtai-majiabao-policies.yaml", replications=5)
    fig = c.plot()[1]
    shown = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert sorted(shown) == sorted(c["kpi"])  # zero-mean KPIs too, in their own units
    assert c.set_index("kpi").plot is not None  # a derived frame is a plain DataFrame
    assert type(c[["kpi", "diff_mean"]]).__name__ == "DataFrame"
