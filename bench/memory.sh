#!/usr/bin/env bash
# Memory per live trace: the heap that COUNT live objects take with the agent tracing them
# (exact, nframe=1) minus the heap they take without the agent, divided by COUNT. Each figure
# comes from its own JVM (org.jtracemalloc.bench.workload.LiveObjects), measured after full
# collections.
#
# Usage: bench/memory.sh   (COUNT=1000000, JAVA_HOME, SKIP_BUILD=1 as for bench/run.sh)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
count=${COUNT:-1000000}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
agent_jar=$root/agent/target/jtracemalloc-agent.jar
classes=$root/bench/target/classes

if [[ -z ${SKIP_BUILD:-} ]]; then
    (cd "$root" && mvn -B -q -pl agent,bench -am package -DskipTests)
fi

# Prints the heap growth per object reported by one JVM run with the given options.
per_object() {
    "$java" -Xms2g -Xmx2g "$@" -cp "$classes" org.jtracemalloc.bench.workload.LiveObjects "$count" 2>/dev/null |
        sed -n 's/.* \([0-9.]*\) bytes per object$/\1/p'
}

plain=$(per_object)
traced=$(per_object "-javaagent:$agent_jar=nframe=1")
"$java" -version 2>&1 | head -1
echo "live objects: $count; heap per object without the agent: $plain B, with exact nframe=1 tracing: $traced B"
awk -v p="$plain" -v t="$traced" 'BEGIN { printf "memory per live trace: %.1f B\n", t - p }'
