#!/usr/bin/env bash
# Whole-process overhead of the jtracemalloc agent: runs each workload without the agent and with
# each agent mode, interleaved (every round runs every configuration once, in a rotating order, so
# that a burst of load from elsewhere on the machine hits all configurations alike), and prints the
# median wall-clock time of each and its ratio to the run without the agent. A second table gives
# the same for the in-process workload time: each workload (alloc, alloclong, javac, h2) prints the
# time of its own work, from the start of its main method, so without JVM start-up, agent premain
# and exit; the issue's anchors (CPython's tracemalloc 7.5x, JFR 1.08x, allocation-instrumenter
# 3.0-3.7x) are times of that kind, its targets are whole-process times.
#
# Usage (from anywhere): bench/run.sh
# Environment:
#   ROUNDS=3           rounds (each runs every workload in every configuration once)
#   WORKLOADS="alloc javac h2 hello"   which workloads, in this order; also: alloclong, the
#                      allocation loop made longer (ALLOC_LONG_ITERATIONS), so that start-up weighs less
#   ALLOC_ITERATIONS=200000  ALLOC_LONG_ITERATIONS=2000000  H2_ROWS=10000  H2_LOOKUPS=10000   workload sizes
#   JAVA_HOME          the JDK to measure (default: the java on PATH)
#   SKIP_BUILD=1       use the jars already built instead of running mvn package first
#   FLOORS=0           leave out the floors' columns (floor-empty: an agent whose premain does
#                      nothing; floor-retransform: one that retransforms every loaded class, bytes unchanged)
#   PEERS=0            leave out the peers' columns (jfr: JFR with settings=profile; asprof512k:
#                      async-profiler 4.2's allocation sampling at 512 KiB, linux-x64 only)
# The raw times go to bench/target/run/times.txt (whole process) and workload-times.txt (in
# process), and each run's output to bench/target/run/logs/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
workloads=${WORKLOADS:-"alloc javac h2 hello"}
alloc_iterations=${ALLOC_ITERATIONS:-200000}
alloc_long_iterations=${ALLOC_LONG_ITERATIONS:-2000000}
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
for needed in "$agent_jar" "$classes/org/jtracemalloc/bench/workload/JavacCompile.class" "$workload_dir/commons-lang3" \
        "$root/bench/target/floor-empty.jar" "$root/bench/target/floor-retransform.jar"; do
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
# Two floors, stand-in agents of the bench module: one that does nothing (what any -javaagent costs,
# under `stopped`) and one that retransforms every loaded class with its bytes unchanged (the JVM's
# part of rewriting the loaded classes before main, under exact1 and sampling512k).
if [[ ${FLOORS-1} != 0 && -n ${FLOORS-1} ]]; then
    config_names+=(floor-empty floor-retransform)
    config_options+=("-javaagent:$root/bench/target/floor-empty.jar" "-javaagent:$root/bench/target/floor-retransform.jar")
fi
# The peers the issue's sampling target is anchored on, as their users start them: JFR with its
# profile settings, and async-profiler's allocation sampling at the same 512 KiB (JVMTI's sampled
# allocation event, native). Each writes its recording at exit, as it would for a user.
mkdir -p "$out"
peer_names=(jfr asprof512k)
peer_options=("-XX:StartFlightRecording=settings=profile,filename=$out/peer-jfr.jfr"
    "-agentpath:$workload_dir/async-profiler/linux-x64/libasyncProfiler.so=start,event=alloc,alloc=512k,file=$out/peer-asprof.jfr")
if [[ -z ${PEERS-1} || ${PEERS-1} == 0 ]]; then
    peer_names=()
fi
for ((p = 0; p < ${#peer_names[@]}; p++)); do
    if "$java" "${peer_options[p]}" -cp "$classpath" org.jtracemalloc.bench.workload.Hello >/dev/null 2>&1; then
        config_names+=("${peer_names[p]}")
        config_options+=("${peer_options[p]}")
    else
        echo "run.sh: ${peer_names[p]} does not start on this JVM or machine; that column is left out" >&2
    fi
done

mkdir -p "$out/logs"
times=$out/times.txt
workload_times=$out/workload-times.txt
: >"$times"
: >"$workload_times"
# The line each workload prints with its in-process time (WorkloadTime.MARK), milliseconds after it.
workload_mark='jtracemalloc-bench workload-ms '

# Runs one workload under one configuration; prints the elapsed milliseconds.
run_once() {
    local workload=$1 option=$2 log=$3 javac_out
    local -a command
    case $workload in
        alloc) command=(-cp "$classpath" org.jtracemalloc.bench.workload.AllocationLoop "$alloc_iterations") ;;
        alloclong) command=(-cp "$classpath" org.jtracemalloc.bench.workload.AllocationLoop "$alloc_long_iterations") ;;
        h2) command=(-cp "$classpath" org.jtracemalloc.bench.workload.H2Database "$h2_rows" "$h2_lookups") ;;
        hello) command=(-cp "$classpath" org.jtracemalloc.bench.workload.Hello) ;;
        javac)
            javac_out=$(mktemp -d)
            command=(-cp "$classpath" org.jtracemalloc.bench.workload.JavacCompile -nowarn -proc:none -implicit:none
                -sourcepath "$workload_dir/commons-lang3" -d "$javac_out" "${javac_sources[@]}") ;;
        *) echo "run.sh: unknown workload '$workload' (known: alloc alloclong javac h2 hello)" >&2; exit 1 ;;
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
echo "rounds=$rounds workloads='$workloads' alloc=$alloc_iterations alloclong=$alloc_long_iterations h2=$h2_rows/$h2_lookups configurations: ${config_names[*]}"

count=${#config_names[@]}
for ((round = 1; round <= rounds; round++)); do
    for workload in $workloads; do
        for ((k = 0; k < count; k++)); do
            i=$(((k + round - 1) % count))
            log=$out/logs/$workload-${config_names[i]}-$round.log
            ms=$(run_once "$workload" "${config_options[i]}" "$log")
            echo "$workload ${config_names[i]} $ms" >>"$times"
            in_process=$(sed -n "s/^$workload_mark//p" "$log" | head -1)
            [[ -n $in_process ]] && echo "$workload ${config_names[i]} $in_process" >>"$workload_times"
            echo "round $round: $workload ${config_names[i]} $ms ms" >&2
        done
    done
done

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Prints a table of medians of the times in file $1 (lines "workload configuration ms"), with each
# configuration's ratio and difference to the first one (no agent).
median_table() {
    local file=$1 workload name median base
    echo "| workload | configuration | median | ratio to none | difference to none |"
    echo "|---|---|---:|---:|---:|"
    for workload in $workloads; do
        grep -q "^$workload " "$file" || continue
        base=""
        for name in "${config_names[@]}"; do
            median=$(awk -v w="$workload" -v c="$name" '$1 == w && $2 == c { print $3 }' "$file" | sort -n |
                awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
            [[ -z $base ]] && base=$median
            awk -v w="$workload" -v c="$name" -v m="$median" -v b="$base" \
                'BEGIN { printf "| %s | %s | %.2f s | %.2fx | %+.2f s |\n", w, c, m / 1000, m / b, (m - b) / 1000 }'
        done
    done
}

echo
median_table "$times"
if [[ -s $workload_times ]]; then
    echo
    echo "In-process workload time (each workload times its own work from the start of its main method: no JVM"
    echo "start-up, no agent premain, no exit; the kind of time behind the issue's anchors, CPython 7.5x, JFR 1.08x,"
    echo "allocation-instrumenter 3.0-3.7x; the targets are the whole-process ratios above; hello has none):"
    echo
    median_table "$workload_times"
fi
