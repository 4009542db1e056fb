"""Runs the same M/M/10 model (lambda 9, mu 1, 1,000,000 customers) in surgesim, both styles, and
in SimPy 2 (Debian's python3-simpy), in one run, and prints the speed ratios; then PHOLD."""
import argparse
import json
import os
import subprocess
import sys


def run_json(cmd):
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", default="build/bin", help="folder with the mmc and phold programs")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="surgesim runs per style (best is kept)")
    args = ap.parse_args()
    c, lam, mu, n = 10, 9.0, 1.0, args.customers

    rows = {}
    for style in ("callback", "coroutine"):
        runs = [run_json([os.path.join(args.bin, "mmc"), "--servers", str(c), "--arrival-rate",
                          str(lam), "--service-rate", str(mu), "--customers", str(n),
                          "--style", style]) for _ in range(args.repeat)]
        rows[f"surgesim ({style})"] = min(runs, key=lambda r: r["wall_s"])
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(["/usr/bin/python3", os.path.join(here, "mmc_simpy.py"), str(c), str(lam),
                          str(mu), str(n)], check=True, capture_output=True, text=True).stdout
    w, p, wall = (float(x) for x in out.split())
    rows["SimPy 2.3 (python3-simpy)"] = {"mean_wait": w, "p_wait": p, "wall_s": wall}
    theory = rows["surgesim (callback)"]["theory_mean_wait"]

    print(f"\nM/M/{c}, lambda={lam}, mu={mu}, {n:,} customers (Erlang C mean wait {theory:.4f})")
    print(f"{'engine':<28}{'mean wait':>11}{'P(wait)':>9}{'wall s':>9}{'vs SimPy':>10}"
          f"{'peak MiB':>10}")
    simpy_wall = rows["SimPy 2.3 (python3-simpy)"]["wall_s"]
    for name, r in rows.items():
        print(f"{name:<28}{r['mean_wait']:>11.4f}{r['p_wait']:>9.4f}{r['wall_s']:>9.3f}"
              f"{simpy_wall / r['wall_s']:>9.1f}x{r.get('peak_rss_mib', float('nan')):>10.1f}")

    ph = min((run_json([os.path.join(args.bin, "phold"), "--entities", "1000", "--events",
                        "20000000"]) for _ in range(args.repeat)), key=lambda r: r["wall_s"])
    print(f"\nPHOLD, 1,000 entities: {ph['events']:,} events in {ph['wall_s']:.3f} s = "
          f"{ph['events_per_s'] / 1e6:.1f} million events/s, peak {ph['peak_rss_mib']:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
