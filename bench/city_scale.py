#!/usr/bin/python3
"""How the city scenario's cost grows with population and threads.

Runs scenarios/beijing-2022-12.yaml (epidemic + 1,263 fever clinics, 120 days, one replication)
through the CLI at 1 M, 4 M and 21.84 M people (epidemic.population_scale) on 1 and 2 threads, and
reports wall time, peak memory, time and memory per person, and the 1 -> 2 thread speed-up.
Each run is a separate process, so peak memory is that run's own.
"""
import argparse
import re
import subprocess
import sys
import tempfile

FULL = 21_843_000


def run(binary, scenario, scale, threads):
    with tempfile.TemporaryDirectory() as out:
        cmd = [binary, "run", scenario, "--replications", "1", "--threads", str(threads),
               "--set", f"epidemic.population_scale={scale}", "--out", out]
        text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    m = re.search(r"([\d.]+) s wall, peak memory (\d+) MiB", text)
    if not m:
        sys.exit("could not read wall time and peak memory from:\n" + text)
    people = re.search(r"(\d+) people", text)
    return float(m.group(1)), int(m.group(2)), int(people.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", default="build/bin", help="folder with the surgesim program")
    ap.add_argument("--scenario", default="scenarios/beijing-2022-12.yaml")
    ap.add_argument("--people", default="1000000,4000000,21843000",
                    help="populations to run, comma-separated")
    args = ap.parse_args()
    print(f"{'people':>12} {'threads':>7} {'wall s':>8} {'peak MiB':>9} {'ns/person-day':>14}"
          f" {'B/person':>9} {'speed-up':>9}")
    for target in [int(x) for x in args.people.split(",")]:
        scale = min(1.0, target / FULL)
        one = None
        for threads in (1, 2):
            wall, mib, people = run(f"{args.bin}/surgesim", args.scenario, scale, threads)
            if threads == 1:
                one = wall
            speedup = f"{one / wall:.2f}x" if threads == 2 else ""
            print(f"{people:>12,} {threads:>7} {wall:>8.2f} {mib:>9} "
                  f"{wall / people / 120 * 1e9:>14.2f} {mib * 2**20 / people:>9.1f} {speedup:>9}",
                  flush=True)


if __name__ == "__main__":
    main()
