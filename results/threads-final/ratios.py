# Paired per-round ratios, 2 DuckDB threads / 1, the way `mallard gate` decides (mean of the rounds' log
# ratios of median times, Student-t 95% interval); `mallard gate` itself refuses the two sides here
# because their serverThreads parameter differs. Run from the repository root:
#   python3 results/threads-final/ratios.py results/threads-final
import glob, json, math, statistics as st, sys

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}

def median(path, name):
    return next(st.median(b['primaryMetric']['rawData'][0]) for b in json.load(open(path)) if b['benchmark'].endswith(name))

def report(label, pairs):
    logs = [math.log(two / one) for one, two in pairs]
    mean = st.mean(logs)
    half = T975[len(logs) - 1] * st.stdev(logs) / math.sqrt(len(logs))
    rounds = ', '.join(f'{one:.0f}→{two:.0f}' for one, two in pairs)
    print(f'| {label} | {len(pairs)} | {rounds} | {math.exp(mean):.3f} [{math.exp(mean - half):.3f}, {math.exp(mean + half):.3f}] |')

root = sys.argv[1]
print('| benchmark | rounds | median ms per round, 1 → 2 threads | time ratio, 2 / 1 threads [95%] |')
print('|---|---:|---|---|')
for name in ('GetBenchmark.get', 'TransferBenchmark.transfer', 'ExchangeBenchmark.exchange'):
    rounds = sorted(glob.glob(f'{root}/rounds/round-*-base.json'))
    report(f'{name} (all three, 3 rounds)',
           [(median(r, name), median(r.replace('-base', '-current'), name)) for r in rounds])
rounds = sorted(glob.glob(f'{root}/get-rounds/round-*-threads-1.json'))
report('GetBenchmark.get (GET only, 8 rounds)',
       [(median(r, 'GetBenchmark.get'), median(r.replace('threads-1', 'threads-2'), 'GetBenchmark.get')) for r in rounds])
