#!/usr/bin/env python3
"""Writes mallard-sample.json: a hand-specified Mallard benchmark run in JMH 1.37 `-rf json` layout.

The JMH harness did not exist when the report code was written, so this fixture follows the naming
contract by construction. Layout details copied from a real JMH 1.37 run with @AuxCounters:
NaN/Infinity are written as the strings "NaN"/"+INF"/"-INF"; OPERATIONS counters ("rows", "bytes")
are averaged like the primary metric and carry unit "ops/s"; EVENTS counters ("peakArrowBytes") are
SUMMED over iterations, carry unit "#", scoreError "NaN" and a degenerate confidence interval.
Deterministic (fixed seed): re-running reproduces the committed file byte for byte.
"""
import json, math, random, statistics, sys

ROWS = 2_400_000
BYTES_PER_ROW = 96
FORKS, WARMUP, MEASURE = 2, 2, 3
T_999 = {5: 6.869}  # Student t, two-sided 99.9%, by degrees of freedom (JMH's default confidence)
FINGERPRINT = "5e1f0c9a2b7d4e31"
BATCH_SIZES = [8192, 65536, 122880, 1048576]
rng = random.Random(20240611)

def percentiles(values):
  s = sorted(values)
  def pct(p):
    if p == 0: return s[0]
    pos = p / 100 * (len(s) + 1)
    if pos < 1: return s[0]
    if pos >= len(s): return s[-1]
    lo = s[int(pos) - 1]; hi = s[int(pos)]
    return lo + (pos - math.floor(pos)) * (hi - lo)
  return {k: pct(float(k)) for k in
          ["0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"]}

def averaged(raw, unit):
  flat = [v for fork in raw for v in fork]
  mean = statistics.fmean(flat)
  err = T_999[len(flat) - 1] * statistics.stdev(flat) / math.sqrt(len(flat))
  return {"score": mean, "scoreError": err, "scoreConfidence": [mean - err, mean + err],
          "scorePercentiles": percentiles(flat), "scoreUnit": unit, "rawData": raw}

def summed(raw, unit):
  flat = [v for fork in raw for v in fork]
  total = float(sum(flat))
  return {"score": total, "scoreError": "NaN", "scoreConfidence": [total, total],
          "scorePercentiles": percentiles(flat), "scoreUnit": unit, "rawData": raw}

def entry(benchmark, params, rows_per_sec, rows_per_op, peak=None, with_bytes=True, noise=0.012):
  ops = []
  for _ in range(FORKS):
    ops.append([rows_per_sec / rows_per_op * (1 + rng.gauss(0, noise)) for _ in range(MEASURE)])
  secondary = {}
  if with_bytes:
    secondary["bytes"] = averaged([[o * rows_per_op * BYTES_PER_ROW for o in f] for f in ops], "ops/s")
  if peak is not None:
    secondary["peakArrowBytes"] = summed(
        [[float(round(peak * (1 + abs(rng.gauss(0, 0.02))))) for _ in f] for f in ops], "#")
  secondary["rows"] = averaged([[o * rows_per_op for o in f] for f in ops], "ops/s")
  return {
    "jmhVersion": "1.37", "benchmark": "dev.mallard.bench." + benchmark, "mode": "thrpt",
    "threads": 1, "forks": FORKS, "jvm": "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
    "jvmArgs": ["--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED",
                "-Xmx6g", "-Dmallard.fingerprint=" + FINGERPRINT],
    "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM", "vmVersion": "17.0.15+6-Debian-1deb12u1",
    "warmupIterations": WARMUP, "warmupTime": "2 s", "warmupBatchSize": 1,
    "measurementIterations": MEASURE, "measurementTime": "5 s", "measurementBatchSize": 1,
    "params": dict(sorted(params.items())),
    "primaryMetric": averaged(ops, "ops/s"), "secondaryMetrics": secondary,
  }

# Throughput in million rows/s at BATCH_SIZES, for the netty allocator; unsafe scales it.
CURVES = {
  "GetBenchmark.get": ([70, 110, 118, 105], {}, 1.04),
  "PutBenchmark.put": ([55, 85, 90, 80], {}, 1.02),
  "TransferBenchmark.transfer": ([35, 55, 60, 52], {"mode": "relay"}, 1.03),
  "TransferBenchmark.transfer#direct": ([50, 80, 86, 78], {"mode": "direct"}, 1.03),
  "ExchangeBenchmark.exchange": ([40, 65, 70, 62], {"exchanger": "echo"}, 1.01),
  "ExchangeBenchmark.exchange#mine": ([38, 62, 67, 60], {"exchanger": "my_streaming_exchanger"}, 0.98),
  "BaselineBenchmark.inProcessCopy": ([150, 190, 195, 185], {}, 1.03),
}
IN_FLIGHT_BATCHES = 4

out = []
for name, (curve, extra, unsafe_factor) in CURVES.items():
  bench = name.split("#")[0]
  for allocator, factor in (("netty", 1.0), ("unsafe", unsafe_factor)):
    for bs, mrows in zip(BATCH_SIZES, curve):
      params = {"allocator": allocator, "batchSize": str(bs), "rows": str(ROWS), **extra}
      out.append(entry(bench, params, mrows * 1e6 * factor, ROWS,
                       peak=bs * BYTES_PER_ROW * IN_FLIGHT_BATCHES))
# The export ceiling has no allocator parameter: DuckDB's Arrow export does not go through ours.
for bs, mrows in zip(BATCH_SIZES, [260, 340, 350, 330]):
  out.append(entry("BaselineBenchmark.inProcessExport", {"batchSize": str(bs), "rows": str(ROWS)},
                   mrows * 1e6, ROWS, peak=bs * BYTES_PER_ROW * 2))
# JDBC copies a tenth of the rows: one op is 240,000 rows, so only rows/s is comparable.
out.append(entry("BaselineBenchmark.jdbcCopy", {"rows": str(ROWS)}, 2.1e6, ROWS // 10,
                 with_bytes=False))
out.append(entry("BaselineBenchmark.parquetHandoff", {"rows": str(ROWS)}, 45e6, ROWS))
# A benchmark the report does not know about: it must still show up in the detail tables.
for bs, mrows in zip(BATCH_SIZES[:2], [30, 52]):
  out.append(entry("FlightSqlBenchmark.query", {"allocator": "netty", "batchSize": str(bs), "rows": str(ROWS)},
                   mrows * 1e6, ROWS, peak=bs * BYTES_PER_ROW * IN_FLIGHT_BATCHES))

json.dump(out, sys.stdout, indent=4, separators=(",", " : "))
sys.stdout.write("\n")
