#!/usr/bin/python3
"""Flags benchmarks that got slower than the committed baseline, whatever the machine's speed.

Reads Google Benchmark JSON (make bench writes build/bench.json: 5 repetitions of each benchmark,
of which the fastest counts) and bench/baseline.json. Each benchmark's time is taken as a ratio to a reference benchmark measured in the same run (the event
set's hold model at 100 events, pure CPU), so a faster or slower machine cancels out; a benchmark
whose ratio grew by more than --threshold (default 25%) against the baseline's is a regression.
Here the fastest repetitions vary by up to about 12% from one run to the next.
Exit 0: none; 1: some; 2: bad input. --bless writes the current run as the new baseline.
"""
import argparse
import json
import shutil
import sys

REFERENCE = "BM_EventQueueHold/100"
# Thresholds of their own, for benchmarks this 2-core VM times unsteadily: 30 days of the 1,263
# clinics allocate and touch hundreds of MB, and their fastest of 5 ranged over 2.2-2.9 s in
# repeated runs of the same build (the others within 12%).
THRESHOLD = {"BM_RunCityClinics30Days/iterations:2": 0.6}


def times(path):
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"perf_regress: {path}: {e}")
    # The fastest of the repetitions (make bench runs 5): on a shared machine interference only
    # ever slows a run down, so the minimum is the steadiest estimate (medians here varied 30%).
    out = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration":
            continue
        name = b.get("run_name", b["name"])
        t = float(b["real_time"]) * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        out[name] = min(out.get(name, t), t)
    if REFERENCE not in out:
        print(f"perf_regress: {path} has no {REFERENCE} (the reference)", file=sys.stderr)
        sys.exit(2)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("current", help="Google Benchmark JSON of this run")
    ap.add_argument("--baseline", default="bench/baseline.json")
    ap.add_argument("--threshold", type=float, default=0.25,
                    help="largest allowed growth of a ratio (0.25: 25%%)")
    ap.add_argument("--bless", action="store_true", help="make this run the baseline")
    args = ap.parse_args()
    if args.bless:
        times(args.current)  # checks it
        shutil.copyfile(args.current, args.baseline)
        print(f"perf_regress: {args.baseline} is now this run")
        return 0
    now, base = times(args.current), times(args.baseline)
    print(f"{'benchmark':<40} {'baseline':>10} {'now':>10} {'change':>8}  (time / {REFERENCE})")
    slower = []
    for name in base:
        if name not in now or name == REFERENCE:
            continue
        was = base[name] / base[REFERENCE]
        is_ = now[name] / now[REFERENCE]
        change = is_ / was - 1
        flag = "  SLOWER" if change > THRESHOLD.get(name, args.threshold) else ""
        print(f"{name:<40} {was:>10.4g} {is_:>10.4g} {change:>+7.1%}{flag}")
        if flag:
            slower.append(name)
    missing = [n for n in base if n not in now]
    if missing:
        print("not measured now: " + ", ".join(missing))
    if slower:
        print(f"perf_regress: {len(slower)} benchmark(s) slower by more than "
              f"{args.threshold:.0%}: " + ", ".join(slower), file=sys.stderr)
        return 1
    print(f"perf_regress: no benchmark slower by more than {args.threshold:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
