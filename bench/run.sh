#!/usr/bin/env bash
# Whole-process overhead of the jtracemalloc agent: runs each workload without the agent and with
# each agent mode, interleaved (every round runs every configuration once, in a rotating order, so
# that a burst of load from elsewhere on the machine hits all configurations alike), and prints the
# median wall-clock time of each and its ratio to the run without the agent.
#
# Usage (from anywhere): bench/run.sh
# Environment:
#   ROUNDS=3           rounds (each runs every workload in every configuration once)
#   WORKLOADS="alloc javac h2 hello"   which workloads, in this order
#   ALLOC_ITERATIONS=200000  H2_ROWS=10000  H2_LOOKUPS=10000   workload sizes
#   JAVA_HOME          the JDK to measure (default: the java on PATH)
#   SKIP_BUILD=1       use the jars already built instead of running mvn package first
# The raw times go to bench/target/run/times.txt and each run's output to bench/target/run/logs/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
workloads=${WORKLOADS:-"alloc javac h2 hello"}
alloc_iterations=${ALLOC_ITERATIONS:-200000}
h2_rows=${H2_ROWS:-10000}
h2_lookups=${H2_LOOKUPS:-10000}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

agent_jar=$root/agent/target/jtracemalloc-agent.jar
classes=$root/bench/target/classes
workload_dir=$root/bench/target/workload
out=$root/bench/target/run

if [[ -z ${SKIP_BUILD:-} ]]; then
    (cd "$root" && mvn -B -q -pl agent,bench -am package -DskipTests)
fi
for needed in "$agent_jar" "$classes/org/jtracemalloc/bench/workload/AllocationLoop.class" "$workload_dir/commons-lang3"; do
    [[ -e $needed ]] || { echo "run.sh: $needed is missing: build with 'mvn -pl agent,bench -am package'" >&2; exit 1; }
done
h2_jar=$(ls "$workload_dir"/lib/h2-*.jar)
classpath=$classes:$h2_jar

# javac compiles part of commons-lang3 (three packages and, through -sourcepath, what they use),
# about 8 s without the agent on 2 cores; -implicit:none writes only the named classes.
javac_sources=()
for package in tuple mutable math; do
    javac_sources+=("$workload_dir"/commons-lang3/org/apache/commons/lang3/$package/*.java)
done

# Configurations: name and the JVM option that selects it (empty: no agent).
config_names=(none exact1 exact16 stopped)
config_options=("" "-javaagent:$agent_jar=nframe=1" "-javaagent:$agent_jar=nframe=16" "-javaagent:$agent_jar=start=false")
sampling_option="-javaagent:$agent_jar=sampling=512k,nframe=64"
if "$java" "$sampling_option" -cp "$classpath" org.jtracemalloc.bench.workload.Hello >/dev/null 2>&1; then
    config_names+=(sampling512k)
    config_options+=("$sampling_option")
else
    echo "run.sh: this agent has no sampling mode (sampling=512k refused); that column is left out" >&2
fi

mkdir -p "$out/logs"
times=$out/times.txt
: >"$times"

# Runs one workload under one configuration; prints the elapsed milliseconds.
run_once() {
    local workload=$1 option=$2 log=$3 javac_out
    local -a command
    case $workload in
        alloc) command=(-cp "$classpath" org.jtracemalloc.bench.workload.AllocationLoop "$alloc_iterations") ;;
        h2) command=(-cp "$classpath" org.jtracemalloc.bench.workload.H2Database "$h2_rows" "$h2_lookups") ;;
        hello) command=(-cp "$classpath" org.jtracemalloc.bench.workload.Hello) ;;
        javac)
            javac_out=$(mktemp -d)
            command=(-m jdk.compiler/com.sun.tools.javac.Main -nowarn -proc:none -implicit:none
                -sourcepath "$workload_dir/commons-lang3" -d "$javac_out" "${javac_sources[@]}") ;;
        *) echo "run.sh: unknown workload '$workload' (known: alloc javac h2 hello)" >&2; exit 1 ;;
    esac
    local start end
    start=$(date +%s%N)
    if ! "$java" ${option:+"$option"} "${command[@]}" >"$log" 2>&1; then
        echo "run.sh: $workload failed with '${option:-no agent}', see $log" >&2
        exit 1
    fi
    end=$(date +%s%N)
    [[ -n ${javac_out:-} ]] && rm -rf "$javac_out"
    echo $(((end - start) / 1000000))
}

echo "jtracemalloc whole-process benchmark: $(date -u '+%Y-%m-%d %H:%M UTC')"
"$java" -version 2>&1 | head -1
echo "machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rounds=$rounds workloads='$workloads' alloc=$alloc_iterations h2=$h2_rows/$h2_lookups configurations: ${config_names[*]}"

count=${#config_names[@]}
for ((round = 1; round <= rounds; round++)); do
    for workload in $workloads; do
        for ((k = 0; k < count; k++)); do
            i=$(((k + round - 1) % count))
            ms=$(run_once "$workload" "${config_options[i]}" "$out/logs/$workload-${config_names[i]}-$round.log")
            echo "$workload ${config_names[i]} $ms" >>"$times"
            echo "round $round: $workload ${config_names[i]} $ms ms" >&2
        done
    done
done

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | configuration | median | ratio to none | difference to none |"
echo "|---|---|---:|---:|---:|"
for workload in $workloads; do
    base=""
    for name in "${config_names[@]}"; do
        median=$(awk -v w="$workload" -v c="$name" '$1 == w && $2 == c { print $3 }' "$times" | sort -n |
            awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
        [[ -z $base ]] && base=$median
        awk -v w="$workload" -v c="$name" -v m="$median" -v b="$base" \
            'BEGIN { printf "| %s | %s | %.2f s | %.2fx | %+.2f s |\n", w, c, m / 1000, m / b, (m - b) / 1000 }'
    done
done
