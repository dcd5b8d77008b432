#!/usr/bin/env python3
"""Noise of the lockstep gate, per benchmark: how a round's ratio varies (the gate's unit) and how
single operation pairs vary within a round. Standard library only.

    python3 results/gate-proof-lockstep/pairs_sd.py DIR [DIR ...]

Each DIR is a gate run's --out directory (rounds/round-NN-{base,current}.json). Prints, per kind of
run (the DIR name without its -N suffix) and benchmark: the rounds, the geometric mean of the round
ratios (the mean per-operation log ratio without the lowest and highest eighth, as `mallard gate
--pairs operations` takes it), the SD of the round log ratios, the SD of single pairs' log ratios around
their round's median, and the
rounds a Student-t 95% interval would need to be within +-4% (what tells 15% from 10%).
"""
import glob
import json
import math
import os
import re
import statistics
import sys

T975 = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26, 12: 2.20,
        16: 2.13, 20: 2.09, 30: 2.05, 40: 2.02, 60: 2.00}


def t975(n):
    keys = [k for k in sorted(T975) if k <= n]
    return T975[keys[-1]] if keys else 12.71


def trimmed_mean(values):
    values = sorted(values)
    trim = len(values) // 8
    return statistics.mean(values[trim:len(values) - trim])


def samples(path):
    out = {}
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 2)[-2]
        out[name] = [v for fork in result["primaryMetric"]["rawData"] for v in fork]
    return out


def main(dirs):
    kinds = {}
    for d in dirs:
        kind = re.sub(r"-\d+$", "", os.path.basename(os.path.normpath(d)))
        for base_file in sorted(glob.glob(os.path.join(d, "rounds", "round-*-base.json"))):
            base = samples(base_file)
            current = samples(base_file.replace("-base.json", "-current.json"))
            for name, b in base.items():
                c = current[name]
                pairs = [math.log(x / y) for x, y in zip(c, b)]
                kinds.setdefault(kind, {}).setdefault(name, []).append(pairs)
    for kind, benchmarks in sorted(kinds.items()):
        for name, rounds in sorted(benchmarks.items()):
            medians = [trimmed_mean(r) for r in rounds]
            within = [p - statistics.median(r) for r in rounds for p in r]
            sd = statistics.stdev(medians) if len(medians) > 1 else float("nan")
            need = next((n for n in range(3, 500) if t975(n - 1) * sd / math.sqrt(n) < math.log(1.04)), ">500")
            print(f"{kind:<10} {name:<18} rounds={len(rounds):3d} ratio={math.exp(statistics.mean(medians)):.3f} "
                  f"sd(round log ratio)={sd:.3f} sd(pair log ratio)={statistics.pstdev(within):.3f} rounds for +-4%: {need}")


if __name__ == "__main__":
    main(sys.argv[1:] or sys.exit(__doc__))
