# Where the CI gate's noise comes from (results/gate-noise/README.md): the warm-up curve inside a fork,
# the drift of one long fork over time, and how much of a gate round's spread is between forks.
# Standard library only. Run from the repository root: python3 results/gate-noise/noise.py
import glob, json, math, statistics as st

def raw(path, name=''):
    return [b['primaryMetric']['rawData'][0] for b in json.load(open(path)) if name in b['benchmark']]

def fmt(values):
    return ' '.join(f'{v:.0f}' for v in values)

print('1. warm-up: ms per operation, one fork, no warm-up, 2.4M rows')
for path in ('results/gate-noise/warmup-get.json', 'results/gate-noise/warmup-transfer-exchange.json'):
    for b in json.load(open(path)):
        r = b['primaryMetric']['rawData'][0]
        print(f"   {b['benchmark'].split('.')[-2]:18} ops 1-10 median {st.median(r[:10]):4.0f}, 11-20 {st.median(r[10:20]):4.0f},"
              f" 21-30 {st.median(r[20:30]):4.0f}, 31-40 {st.median(r[30:40]):4.0f}")

print('2. the gate-proof forks (2 warm-up + 10 measured): mean log time of measured operation k minus the fork mean')
for name in ('Get', 'Transfer', 'Exchange'):
    by_index = [[] for _ in range(10)]
    for path in glob.glob('results/gate-proof/same-*/rounds/*.json'):
        for r in raw(path, name):
            logs = [math.log(v) for v in r]
            for k, v in enumerate(logs):
                by_index[k].append(v - st.mean(logs))
    print(f'   {name:9}', ' '.join(f'{st.mean(v):+.3f}' for v in by_index))

print('3. the same forks: spread of a fork median (log), from sampling alone vs seen between forks of one run')
for name in ('Get', 'Transfer', 'Exchange'):
    within, medians = [], {}
    for path in glob.glob('results/gate-proof/same-*/rounds/*.json'):
        run = path.split('/')[2]
        for r in raw(path, name):
            logs = [math.log(v) for v in r]
            within.append(st.variance(logs))
            medians.setdefault(run, []).append(st.median(logs))
    sampling = math.sqrt(math.pi / 2 * st.mean(within) / 10)  # variance of a median of 10 ~ (pi/2) var / n
    resid = [m - st.mean(ms) for ms in medians.values() for m in ms]
    seen = math.sqrt(sum(x * x for x in resid) / (len(resid) - len(medians)))
    print(f'   {name:9} operation sd {math.sqrt(st.mean(within)):.3f}, median-of-10 sd expected {sampling:.3f}, seen {seen:.3f}')

print('4. one long fork of GET (20 warm-up + 600 measured, ~2.5 min): medians of consecutive windows')
r = raw('results/gate-noise/long-fork-get.json')[0]
logs = [math.log(v) for v in r]
print(f'   operation sd(log) {st.stdev(logs):.3f}')
for w in (10, 30):
    meds = [st.median(logs[i:i + w]) for i in range(0, len(logs) - w + 1, w)]
    expected = math.sqrt(math.pi / 2) * st.stdev(logs) / math.sqrt(w)
    print(f'   {w}-operation windows: sd(log) of their medians {st.stdev(meds):.3f} (sampling alone ~{expected:.3f});'
          f' range {math.exp(min(meds)):.0f}-{math.exp(max(meds)):.0f} ms')

print('5. gate of HEAD against itself with 20 warm-ups (4 rounds): per-round log ratio current/base')
for name in ('Get', 'Transfer', 'Exchange'):
    ratios = []
    for n in range(1, 99):
        try:
            b = raw(f'results/gate-noise/gate-warmup20/rounds/round-{n:02d}-base.json', name)[0]
            c = raw(f'results/gate-noise/gate-warmup20/rounds/round-{n:02d}-current.json', name)[0]
        except FileNotFoundError:
            break
        ratios.append(math.log(st.median(c) / st.median(b)))
    print(f'   {name:9}', ' '.join(f'{x:+.3f}' for x in ratios), f' sd {st.stdev(ratios):.3f}')
