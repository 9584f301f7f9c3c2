"""CPython's side of bench/run.sh's snapshot-operations rows, timed as SnapshotOperations.java
times jtracemalloc's: under tracemalloc (traceback limit 1) it keeps 1,000,000 live bytes objects
from four lines of its loop, then takes a snapshot, gets its statistics by line, dumps it, loads
the file and compares the two, each timed; the first pass is the cold one (the first call in a
fresh process), the later ones warm. Then, tracing stopped, the statistics by line of a built
snapshot of 1,000,000 traces on 630,000 distinct lines. Prints "jtracemalloc-bench op
cold|warm NAME MS" lines. Usage: python3 snapshot_ops.py PASSES DIRECTORY"""
import os
import sys
import tempfile
import time
import tracemalloc

MARK = "jtracemalloc-bench op "
LIVE = 1_000_000
DISTINCT_LINES = 630_000


def timed(phase, operation, call):
    start = time.perf_counter()
    result = call()
    print(f"{MARK}{phase} {operation} {(time.perf_counter() - start) * 1000:.1f}", flush=True)
    return result


def allocate():
    """LIVE bytes objects of 8 to 32 bytes, a quarter from each of four lines."""
    live = [None] * LIVE
    for i in range(LIVE):
        kind = i % 4
        if kind == 0:
            live[i] = bytes(8)
        elif kind == 1:
            live[i] = bytes(16)
        elif kind == 2:
            live[i] = bytes(24)
        else:
            live[i] = bytes(32)
    return live


def many_lines():
    """LIVE traces of one frame each, spread over DISTINCT_LINES lines of 630 files."""
    lines = [((f"module{l // 1000}.py", l % 1000 + 1),) for l in range(DISTINCT_LINES)]
    traces = [(0, 16 + 8 * (i % 64), lines[i * 7919 % DISTINCT_LINES], 1) for i in range(LIVE)]
    return tracemalloc.Snapshot(traces, 1)


def main():
    passes = int(sys.argv[1])
    descriptor, path = tempfile.mkstemp(prefix="snapshot-ops", suffix=".pickle", dir=sys.argv[2])
    os.close(descriptor)
    tracemalloc.start(1)
    live = allocate()
    for number in range(passes):
        phase = "cold" if number == 0 else "warm"
        snapshot = timed(phase, "takeSnapshot", tracemalloc.take_snapshot)
        timed(phase, "statistics", lambda: snapshot.statistics("lineno"))
        timed(phase, "dump", lambda: snapshot.dump(path))
        loaded = timed(phase, "load", lambda: tracemalloc.Snapshot.load(path))
        timed(phase, "compareTo", lambda: snapshot.compare_to(loaded, "lineno"))
        print(f"traces in the snapshot: {len(snapshot.traces)}")
        del snapshot, loaded
    os.remove(path)
    print(f"live objects: {len(live)}")

    tracemalloc.stop()
    snapshot = many_lines()
    for number in range(passes):
        timed("cold" if number == 0 else "warm", "statistics630k", lambda: snapshot.statistics("lineno"))


main()
