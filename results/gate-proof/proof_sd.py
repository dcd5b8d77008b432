# per-round log ratio (current/base median) of each benchmark, pooled SD over the runs, and the rounds
# a Student-t 95% interval would need for a half-width of 4% (to tell 15% from 10%)
import json, glob, math, statistics as st, sys
from scipy import stats
pooled = {}
for run in sorted(glob.glob(sys.argv[1] + '/*-[0-9]')):
    for r in range(1, 99):
        try:
            b = json.load(open(f'{run}/rounds/round-{r:02d}-base.json'))
            c = json.load(open(f'{run}/rounds/round-{r:02d}-current.json'))
        except FileNotFoundError:
            break
        for x, y in zip(b, c):
            name = x['benchmark'].split('.')[-2]
            med = lambda z: st.median([v for f in z['primaryMetric']['rawData'] for v in f])
            pooled.setdefault((run.split('/')[-1].rsplit('-', 1)[0], name), []).append(math.log(med(y) / med(x)))
for (kind, name), v in sorted(pooled.items()):
    sd = st.stdev(v)
    n = next(n for n in range(3, 1000) if stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n) <= math.log(1.04))
    print(f'{kind:9} {name:18} rounds={len(v):3} mean ratio={math.exp(st.mean(v)):.3f} sd(log)={sd:.3f} rounds for +-4%: {n}')
