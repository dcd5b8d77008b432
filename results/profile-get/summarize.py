import sys, re, collections
# collapsed stacks with threads=true: "[thread name tid=N];frame;frame... count"
def group(name):
    name = re.sub(r' tid=\d+', '', name.strip('[]'))
    name = re.sub(r'\d+', 'N', name)
    return name
def leafclass(stack):
    frames = stack.split(';')
    s = ';'.join(frames)
    if 'duckdb' in s.lower(): return 'DuckDB (export/scan, native)'
    if 'Zstd' in s or 'zstd' in s: return 'zstd'
    leaf = frames[-1]
    if re.search(r'GC|G1|gc_|Parallel|Copy::', leaf) or 'GCThread' in frames[0]: return 'GC'
    if re.search(r'C2Compiler|C1|Compile', s) : return 'JIT'
    if re.search(r'writev|sendmsg|send|write', leaf) : return 'socket write'
    if re.search(r'readv|recv|read', leaf) : return 'socket read'
    if re.search(r'epoll', leaf): return 'epoll'
    if re.search(r'memcpy|memmove|copyMemory|arraycopy|Unsafe_Copy', leaf): return 'memory copy'
    return 'other'
tot=0; by_thread=collections.Counter(); by_class=collections.Counter(); tc=collections.defaultdict(collections.Counter)
for line in open(sys.argv[1]):
    line=line.rstrip('\n')
    if not line: continue
    stack, n = line.rsplit(' ',1); n=int(n)
    t = group(stack.split(';')[0]); c = leafclass(stack)
    tot+=n; by_thread[t]+=n; by_class[c]+=n; tc[t][c]+=n
print(f"samples {tot}")
print("| thread group | share | top kinds |"); print("|---|---:|---|")
for t,n in by_thread.most_common(12):
    kinds=', '.join(f"{k} {v/n:.0%}" for k,v in tc[t].most_common(3))
    print(f"| {t} | {n/tot:.1%} | {kinds} |")
print(); print("| kind | share |"); print("|---|---:|")
for c,n in by_class.most_common(): print(f"| {c} | {n/tot:.1%} |")
