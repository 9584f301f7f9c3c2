#!/usr/bin/env bash
# What exact mode makes the collector keep: each workload runs once without the agent and once
# with it (exact, nframe=1), with G1's log; for each, the young collections, their total pause
# time, and the heap after them (mean and largest), which holds what the young collections could
# not reclaim: live objects, the store, and the dead objects that promoted handles keep alive
# until an old collection. Full collections are counted too.
#
# Usage: bench/gc-heap.sh   (WORKLOADS="alloclong javac h2", JAVA_HOME, SKIP_BUILD=1 as for bench/run.sh)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
workloads=${WORKLOADS:-"alloclong javac h2"}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
agent_jar=$root/agent/target/jtracemalloc-agent.jar
classes=$root/bench/target/classes
workload_dir=$root/bench/target/workload

if [[ -z ${SKIP_BUILD:-} ]]; then
    (cd "$root" && mvn -B -q -pl agent,bench -am package -DskipTests)
fi
classpath=$classes:$(ls "$workload_dir"/lib/h2-*.jar)
javac_sources=()
for package in tuple mutable math; do
    javac_sources+=("$workload_dir"/commons-lang3/org/apache/commons/lang3/$package/*.java)
done
log=$(mktemp)
javac_out=$(mktemp -d)
trap 'rm -rf "$log" "$javac_out"' EXIT

echo "| workload | agent | young collections | young pauses | heap after young, mean | largest | full collections |"
echo "|---|---|---:|---:|---:|---:|---:|"
for workload in $workloads; do
    case $workload in
        alloc) command=(org.jtracemalloc.bench.workload.AllocationLoop 200000) ;;
        alloclong) command=(org.jtracemalloc.bench.workload.AllocationLoop 2000000) ;;
        h2) command=(org.jtracemalloc.bench.workload.H2Database 10000 10000) ;;
        javac) command=(org.jtracemalloc.bench.workload.JavacCompile -nowarn -proc:none -implicit:none
                -sourcepath "$workload_dir/commons-lang3" -d "$javac_out" "${javac_sources[@]}") ;;
        *) echo "gc-heap.sh: unknown workload '$workload' (known: alloc alloclong javac h2)" >&2; exit 1 ;;
    esac
    for agent in none exact1; do
        options=()
        [[ $agent == exact1 ]] && options=("-javaagent:$agent_jar=nframe=1")
        "$java" "${options[@]}" -Xlog:gc:file="$log" -cp "$classpath" "${command[@]}" >/dev/null
        grep 'Pause Young' "$log" | sed -E 's/.*->([0-9]+)M\([0-9]+M\) ([0-9.]+)ms/\1 \2/' | awk -v w="$workload" -v a="$agent" -v full="$(grep -c 'Pause Full' "$log")" '
            { n++; pause += $2; sum += $1; if ($1 > max) max = $1 }
            END { printf "| %s | %s | %d | %.0f ms | %.0f MB | %d MB | %d |\n", w, a, n, pause, n ? sum / n : 0, max, full }'
    done
done
