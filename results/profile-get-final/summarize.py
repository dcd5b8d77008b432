# Per configuration: measured time, cores busy (itimer samples x 10 ms / measured wall time), CPU per
# row, and the share of CPU per thread group. Run from the repository root:
#   python3 results/profile-get-final/summarize.py results/profile-get-final
# JMH profiles the measured operations only (it restarts the profiler at the first one). itimer counts
# the process's CPU time exactly but attributes each sample to whichever thread the signal lands on, so
# the per-thread shares are approximate. DuckDB's own worker threads are native threads the JVM never named: async-profiler shows them as "tid=N".
import collections, glob, json, os, re, sys

root = sys.argv[1]
ROWS = 24_000_000

def group(thread):
    return re.sub(r'\d+', 'N', re.sub(r' tid=\d+', '', thread.strip('[]'))) or 'DuckDB worker (native, unnamed)'

def thread_shares(path):
    by = collections.Counter()
    for line in open(path):
        stack, n = line.rstrip('\n').rsplit(' ', 1)
        name = group(stack.split(';')[0])
        by['DuckDB worker (native, unnamed)' if name.startswith('tid=') else name] += int(n)
    return by

print('| build | configuration | mean ms (5 measured) | cores busy | CPU ns per row | CPU by thread |')
print('|---|---|---:|---:|---:|---|')
for side in ('6e314ea', 'current', 'every-core'):
    for b in json.load(open(f'{root}/{side}.json')):
        params = b.get('params') or {}
        label = b['benchmark'].split('.')[-1] + (f" p{params['partitions']}" if 'partitions' in params else '')
        key = b['benchmark'] + '-SingleShotTime-'
        dirs = [d for d in glob.glob(f'{root}/{side}/*') if os.path.basename(d).startswith(key)
                and ('partitions' not in params or f"partitions-{params['partitions']}-" in d)]
        shares = thread_shares(f'{dirs[0]}/collapsed-itimer.csv')
        samples = sum(shares.values())
        measured = b['primaryMetric']['rawData'][0]
        wall = sum(measured) / 1000
        ops = len(measured)
        cpu = samples * 0.010
        top = ', '.join(f'{t} {n / samples:.0%}' for t, n in shares.most_common(4))
        print(f'| {side} | {label} | {sum(measured) / len(measured):,.0f} | {cpu / wall:.2f} | {cpu / ops / ROWS * 1e9:,.0f} | {top} |')
