"""The Python module equals the CLI on the same seed, takes overrides, locates errors, releases
the GIL while simulating and stops on Ctrl-C."""
import json
import os
import pickle
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

import surgesim
from conftest import CLI, SCENARIOS, cli

MAJIABAO = SCENARIOS / "fengtai-majiabao.yaml"
BEIJING = SCENARIOS / "beijing-2022-12.yaml"


def read(path):
    return pd.read_csv(path, float_precision="round_trip")


def test_a_run_equals_the_cli_to_the_last_digit(tmp_path):
    r = surgesim.load(MAJIABAO).run(seed=7, replications=5)
    cli("run", MAJIABAO, "--seed", 7, "-r", 5, "--out", tmp_path / "cli")
    for name, text in r.files.items():  # every file, byte for byte
        assert (tmp_path / "cli" / name).read_text() == text, name
    expected = read(tmp_path / "cli" / "replications.csv").set_index("replication")
    pd.testing.assert_frame_equal(r.kpis, expected, check_exact=True)
    s = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert r.summary.loc["fever_wait_mean_min", "mean"] == s["kpis"]["fever_wait_mean_min"]["mean"]
    assert list(r.summary.columns) == ["mean", "sd", "ci95_low", "ci95_high", "n"]
    assert len(r.kpis) == 5


def test_overrides_equal_the_clis_set(tmp_path):
    s = surgesim.load(MAJIABAO, set={"clinics[0].doctors": 4, "clinics[0].rooms": 4})
    r = s.run(replications=3)
    cli("run", MAJIABAO, "-r", 3, "--set", "clinics[0].doctors=4", "--set", "clinics[0].rooms=4",
        "--out", tmp_path / "cli")
    pd.testing.assert_frame_equal(r.kpis, read(tmp_path / "cli" / "replications.csv")
                                  .set_index("replication"), check_exact=True)
    base = surgesim.load(MAJIABAO).run(replications=3)
    assert (r.kpis["fever_wait_mean_min"] < base.kpis["fever_wait_mean_min"]).all()


def test_series_policy_events_and_breaks():
    r = surgesim.load(BEIJING, set={"run.scale": 0.02, "run.days": 50}).run(replications=2)
    for kind in ("epidemic", "clinics", "ems", "hospital", "board"):
        df = r.series(kind)
        assert pd.api.types.is_datetime64_any_dtype(df["date"]), kind
        assert df["date"].min() == pd.Timestamp("2022-11-21")
    assert {"policy", "event", "date"} <= set(r.policy_events.columns)
    assert (r.policy_events["policy"] == "hospital-clinics-303").any()
    assert set(r.breaks["pool"]) >= {"fever_waits", "icu"}
    with pytest.raises(ValueError):
        r.series("weather")


def test_a_scenario_from_a_dict(tmp_path):
    doc = {"name": "one clinic", "run": {"days": 5, "seed": 3, "replications": 2},
           "clinics": [{"id": "c", "kind": "chc_fever_clinic", "rooms": 1, "doctors": 1,
                        "hours": "24h",
                        "service_min": {"dist": "exponential", "mean_min": 10},
                        "demand": {"visits_per_day": 100, "hourly_profile": "flat"}}]}
    r = surgesim.load(doc).run()
    assert r.kpis["fever_arrivals"].mean() > 400
    doc["clinics"][0]["rooms"] = "two"
    with pytest.raises(surgesim.ScenarioError) as e:
        surgesim.load(doc, base_dir=tmp_path)
    assert e.value.file == "<dict>"
    assert e.value.path == "clinics[0].rooms"
    assert e.value.line > 1 and e.value.column > 1
    assert ".surgesim-" not in str(e.value)
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
    # Errors cross processes whole (Dask, multiprocessing), and so do scenarios.
    err = pickle.loads(pickle.dumps(e.value))
    assert (err.file, err.line, err.path, str(err)) == (e.value.file, e.value.line, e.value.path,
                                                        str(e.value))
    s = pickle.loads(pickle.dumps(surgesim.load(MAJIABAO, set={"clinics[0].doctors": 3})))
    assert s.sets == ["clinics[0].doctors=3"]


def test_errors_are_located_as_the_cli_locates_them(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAJIABAO.read_text().replace("    rooms: 2 ", "    rooms: two "))
    with pytest.raises(surgesim.ScenarioError) as e:
        surgesim.load(bad)
    p = cli("validate", bad, check=False)
    assert p.returncode == 2
    assert str(e.value) == p.stderr.strip()
    assert e.value.file == str(bad)
    line, text = next((i, l) for i, l in enumerate(bad.read_text().splitlines(), 1)
                      if "rooms: two" in l)
    assert (e.value.line, e.value.column) == (line, text.index("two") + 1)
    assert e.value.path == "clinics[0].rooms"
    assert "two" in e.value.message
    with pytest.raises(surgesim.ScenarioError) as e:
        surgesim.load(MAJIABAO, set={"clinics[0].doctors": -1})
    assert e.value.path == "clinics[0].doctors"


def test_the_gil_is_released_while_simulating():
    s = surgesim.load(BEIJING, set={"run.scale": 0.02, "run.days": 60, "run.threads": 1})
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    t0 = time.perf_counter()
    s.run(replications=2)
    elapsed = time.perf_counter() - t0
    stop.set()
    t.join()
    # Held, the GIL would let the counter run only between Python calls: a handful of ticks.
    assert elapsed > 0.2
    assert ticks > 50, (ticks, elapsed)


def test_ctrl_c_stops_a_run_cleanly():
    s = surgesim.load(BEIJING, set={"run.scale": 0.05})
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    t0 = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        s.run(replications=8)
    assert time.perf_counter() - t0 < 0.5 + 2.0  # stopped within a simulated day or so
    # and the module still works afterwards
    assert len(surgesim.load(MAJIABAO).run(replications=2).kpis) == 2


def test_compare_equals_the_cli(tmp_path):
    three = tmp_path / "three.yaml"
    text = MAJIABAO.read_text()
    for old, new in (("    rooms: 2 ", "    rooms: 3 "), ("    doctors: 2 ", "    doctors: 3 "),
                     ("{from_day: 7, doctors: 1}", "{from_day: 7, doctors: 2}"),
                     ("{from_day: 14, doctors: 2}", "{from_day: 14, doctors: 3}")):
        assert old in text
        text = text.replace(old, new)
    three.write_text(text)
    c = surgesim.compare(MAJIABAO, three, replications=10, seed=5)
    cli("compare", MAJIABAO, three, "-r", 10, "--seed", 5, "--out", tmp_path / "cmp")
    expected = read(tmp_path / "cmp" / "compare.csv")
    pd.testing.assert_frame_equal(pd.DataFrame(c), expected, check_exact=True)
    wait = c.set_index("kpi").loc["fever_wait_mean_min"]
    assert wait["diff_mean"] < 0 and bool(wait["significant"])
    assert len(c.a.kpis) == len(c.b.kpis) == 10


def test_sweep_equals_the_cli_and_its_tasks(tmp_path):
    design = SCENARIOS / "designs" / "majiabao-rooms-rationing.yaml"
    sw = surgesim.sweep(MAJIABAO, design, replications=2)
    cli("sweep", MAJIABAO, "--design", design, "-r", 2, "--out", tmp_path / "sw")
    expected = read(tmp_path / "sw" / "sweep.csv")
    pd.testing.assert_frame_equal(pd.DataFrame(sw), expected, check_exact=True)
    summary = read(tmp_path / "sw" / "sweep_summary.csv")
    pd.testing.assert_frame_equal(sw.summary, summary, check_exact=True)
    assert sw.parameters == list(expected.columns[3:6])
    # The same runs one by one, as a cluster would run them (in any order): the same sweep.
    dict_design = {"design": "grid", "replications": 2,
                   "parameters": {"clinics[id=majiabao-fever].rooms": [2, 3],
                                  "clinics[id=majiabao-fever].discipline":
                                      ["fifo", "key_groups_first"]}}
    tasks = surgesim.sweep_tasks(MAJIABAO, dict_design, set={"run.days": 20}, replications=3)
    assert len(tasks) == 4 * 3
    rows = [surgesim.run_sweep_task(MAJIABAO, dict_design, p, r, set={"run.days": 20},
                                    replications=3) for p, r in reversed(tasks.tasks)]
    assembled = tasks.assemble(rows)
    local = surgesim.sweep(MAJIABAO, dict_design, set={"run.days": 20}, replications=3)
    pd.testing.assert_frame_equal(pd.DataFrame(assembled), pd.DataFrame(local), check_exact=True)
    pd.testing.assert_frame_equal(assembled.summary, local.summary, check_exact=True)
    assert assembled.parameters == local.parameters == list(dict_design["parameters"])
    assert len(assembled.plot()) == 3  # each parameter (words on category axes), a heat map
    # A point that cannot be run is located.
    with pytest.raises(surgesim.ScenarioError) as e:
        surgesim.sweep(MAJIABAO, {"design": "grid", "parameters": {"clinics[0].rooms": [2, 0]}})
    assert e.value.path == "clinics[0].rooms"


def test_ctrl_c_stops_a_sweep():
    design = {"design": "grid", "replications": 4, "parameters": {"run.seed": [1, 2]}}
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    t0 = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        surgesim.sweep(BEIJING, design, set={"run.scale": 0.05})
    assert time.perf_counter() - t0 < 0.5 + 2.0


def test_make_install_installs_the_module_and_the_cli(tmp_path):
    build = os.environ.get("SURGESIM_BUILD")
    if not build:
        pytest.skip("SURGESIM_BUILD (the build folder) is not set")
    subprocess.run(["cmake", "--install", build, "--prefix", tmp_path], check=True,
                   capture_output=True)
    site = next(tmp_path.glob("lib/python3*/dist-packages"))
    env = {k: v for k, v in os.environ.items() if k not in ("SURGESIM_PYTHONPATH", "SURGESIM_CLI")}
    env["PYTHONPATH"] = str(site)
    code = (f"import surgesim; assert surgesim.__file__.startswith({str(site)!r}); "
            f"print(len(surgesim.load({str(MAJIABAO)!r}).run(replications=2).kpis))")
    p = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                       text=True)
    assert p.returncode == 0 and p.stdout.strip() == "2", p.stderr
    # The installed CLI finds the installed package for its reports.
    env.pop("PYTHONPATH")
    exe = tmp_path / "bin" / "surgesim"
    subprocess.run([exe, "run", MAJIABAO, "-r", "2", "--out", tmp_path / "run"], env=env,
                   check=True, capture_output=True)
    p = subprocess.run([exe, "report", tmp_path / "run"], env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "run" / "report" / "report.html").exists()
