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
# More groups follow the rounds: attaching to the running Spring Boot service (the time of
# `jtracemalloc start PID`, JFR's and async-profiler's attach beside it), snapshot operations
# against CPython (bench/snapshot_ops.py and SnapshotOperations, each in fresh processes: the cold
# first call and the warm later ones), and bench/memory.sh's memory per live trace.
#
# Usage (from anywhere): bench/run.sh
# Environment:
#   ROUNDS=3           rounds (each runs every workload in every configuration once; the attach and
#                      snapshot groups run ROUNDS times too)
#   WORKLOADS="alloc javac h2 hello springboot"   which workloads, in this order; also: alloclong, the
#                      allocation loop made longer (ALLOC_LONG_ITERATIONS), so that start-up weighs less
#   ALLOC_ITERATIONS=200000  ALLOC_LONG_ITERATIONS=2000000  H2_ROWS=10000  H2_LOOKUPS=10000   workload sizes
#   SERVICE_REQUESTS=2000  SERVICE_CONNECTIONS=4  SERVICE_PORT=18290   the springboot workload: a
#                      Spring Boot web service started, sent SERVICE_REQUESTS requests, stopped
#   OTEL=0             leave out the springboot workload's OpenTelemetry configurations (its Java
#                      agent alone, loaded before jtracemalloc, loaded after it)
#   ATTACH=0           leave out the attach group
#   SNAPSHOTS=0        leave out the snapshot-operations group
#   MEMORY=0           leave out bench/memory.sh (memory per live trace), run once at the end
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
workloads=${WORKLOADS:-"alloc javac h2 hello springboot"}
alloc_iterations=${ALLOC_ITERATIONS:-200000}
alloc_long_iterations=${ALLOC_LONG_ITERATIONS:-2000000}
h2_rows=${H2_ROWS:-10000}
h2_lookups=${H2_LOOKUPS:-10000}
service_requests=${SERVICE_REQUESTS:-2000}
service_connections=${SERVICE_CONNECTIONS:-4}
service_port=${SERVICE_PORT:-18290}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

agent_jar=$root/agent/target/jtracemalloc-agent.jar
classes=$root/bench/target/classes
workload_dir=$root/bench/target/workload
service_dir=$root/bench/springboot/target
otel_jar=$service_dir/peer/opentelemetry-javaagent.jar
out=$root/bench/target/run

if [[ -z ${SKIP_BUILD:-} ]]; then
    (cd "$root" && mvn -B -q -pl agent,bench,bench/springboot -am package -DskipTests)
fi
for needed in "$agent_jar" "$classes/org/jtracemalloc/bench/workload/JavacCompile.class" "$workload_dir/commons-lang3" \
        "$root/bench/target/floor-empty.jar" "$root/bench/target/floor-retransform.jar" \
        "$service_dir/classes/org/jtracemalloc/bench/springboot/BenchService.class" "$otel_jar"; do
    [[ -e $needed ]] || { echo "run.sh: $needed is missing: build with 'mvn -pl agent,bench,bench/springboot -am package'" >&2; exit 1; }
done
h2_jar=$(ls "$workload_dir"/lib/h2-*.jar)
classpath=$classes:$h2_jar
service_classpath=$service_dir/classes:$(printf '%s:' "$service_dir"/lib/*.jar)

# javac compiles part of commons-lang3 (three packages and, through -sourcepath, what they use),
# about 8 s without the agent on 2 cores; -implicit:none writes only the named classes.
javac_sources=()
for package in tuple mutable math; do
    javac_sources+=("$workload_dir"/commons-lang3/org/apache/commons/lang3/$package/*.java)
done

# Configurations: name and the JVM options that select it, one a line (empty: no agent).
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
# The springboot workload's own configurations: another agent, the OpenTelemetry Java agent, alone,
# loaded before jtracemalloc (exact, nframe=1) and after it. Its exporters are off: there is no
# collector to send to, and sending is not what is measured.
otel_option="-javaagent:$otel_jar"$'\n'"-Dotel.traces.exporter=none"$'\n'"-Dotel.metrics.exporter=none"$'\n'"-Dotel.logs.exporter=none"
service_config_names=()
service_config_options=()
if [[ ${OTEL-1} != 0 && -n ${OTEL-1} ]]; then
    service_config_names=(otel otel+exact1 exact1+otel)
    service_config_options=("$otel_option" "$otel_option"$'\n'"${config_options[1]}" "${config_options[1]}"$'\n'"$otel_option")
fi

# Sets the arrays names and options to the configurations workload $1 runs in.
configurations_of() {
    names=("${config_names[@]}")
    options=("${config_options[@]}")
    if [[ $1 == springboot ]]; then
        names+=("${service_config_names[@]}")
        options+=("${service_config_options[@]}")
    fi
}

mkdir -p "$out/logs"
times=$out/times.txt
workload_times=$out/workload-times.txt
service_times=$out/service-times.txt
attach_times=$out/attach-times.txt
operation_times=$out/operation-times.txt
: >"$times"
: >"$workload_times"
: >"$service_times"
: >"$attach_times"
: >"$operation_times"
# The line each workload prints with its in-process time (WorkloadTime.MARK), milliseconds after it;
# ServiceLoad's two lines, start-up milliseconds and requests per second.
workload_mark='jtracemalloc-bench workload-ms '
startup_mark='jtracemalloc-bench startup-ms '
throughput_mark='jtracemalloc-bench requests-per-s '

# Fails unless nothing listens on the service's port: the client would measure that instead.
require_free_port() {
    if (exec 3<>"/dev/tcp/127.0.0.1/$service_port") 2>/dev/null; then
        echo "run.sh: port $service_port is in use; choose another with SERVICE_PORT" >&2
        exit 1
    fi
}

# Starts the Spring Boot service in the background with the JVM options in the arguments (its log:
# $log); sets service_pid and launched (epoch ms).
launch_service() {
    require_free_port
    launched=$(date +%s%3N)
    "$java" "$@" -cp "$service_classpath" org.jtracemalloc.bench.springboot.BenchService \
        --server.port="$service_port" >"$log" 2>&1 &
    service_pid=$!
}

# Stops the service with SIGTERM, as a service manager would, and waits for its exit.
stop_service() {
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" || true
}

# The springboot workload: the service under the JVM options in the arguments, ServiceLoad (no
# agent) against it; appends start-up and throughput to service-times.txt; prints the milliseconds
# from launch to the service's exit.
run_service() {
    local client_log=${log%.log}-client.log
    launch_service "$@"
    if ! "$java" -cp "$classes" org.jtracemalloc.bench.workload.ServiceLoad "$service_port" "$launched" \
            "$service_requests" "$service_connections" >"$client_log" 2>&1; then
        stop_service
        echo "run.sh: springboot failed with '${*:-no agent}', see $log and $client_log" >&2
        exit 1
    fi
    stop_service
    echo $(($(date +%s%3N) - launched))
    echo "$config $(sed -n "s/^$startup_mark//p" "$client_log") $(sed -n "s/^$throughput_mark//p" "$client_log")" >>"$service_times"
}

# Runs one workload under one configuration; prints the elapsed milliseconds.
run_once() {
    local workload=$1 option=$2 log=$3 javac_out
    local -a command jvm_options=()
    [[ -n $option ]] && mapfile -t jvm_options <<<"$option"
    if [[ $workload == springboot ]]; then
        run_service "${jvm_options[@]}"
        return
    fi
    case $workload in
        alloc) command=(-cp "$classpath" org.jtracemalloc.bench.workload.AllocationLoop "$alloc_iterations") ;;
        alloclong) command=(-cp "$classpath" org.jtracemalloc.bench.workload.AllocationLoop "$alloc_long_iterations") ;;
        h2) command=(-cp "$classpath" org.jtracemalloc.bench.workload.H2Database "$h2_rows" "$h2_lookups") ;;
        hello) command=(-cp "$classpath" org.jtracemalloc.bench.workload.Hello) ;;
        javac)
            javac_out=$(mktemp -d)
            command=(-cp "$classpath" org.jtracemalloc.bench.workload.JavacCompile -nowarn -proc:none -implicit:none
                -sourcepath "$workload_dir/commons-lang3" -d "$javac_out" "${javac_sources[@]}") ;;
        *) echo "run.sh: unknown workload '$workload' (known: alloc alloclong javac h2 hello springboot)" >&2; exit 1 ;;
    esac
    local start end
    start=$(date +%s%N)
    if ! "$java" "${jvm_options[@]}" "${command[@]}" >"$log" 2>&1; then
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
echo "rounds=$rounds workloads='$workloads' alloc=$alloc_iterations alloclong=$alloc_long_iterations h2=$h2_rows/$h2_lookups springboot=$service_requests requests over $service_connections connections"
echo "configurations: ${config_names[*]}${service_config_names[*]:+ (springboot also: ${service_config_names[*]})}"

for ((round = 1; round <= rounds; round++)); do
    for workload in $workloads; do
        configurations_of "$workload"
        count=${#names[@]}
        for ((k = 0; k < count; k++)); do
            i=$(((k + round - 1) % count))
            config=${names[i]}
            log=$out/logs/$workload-$config-$round.log
            ms=$(run_once "$workload" "${options[i]}" "$log")
            echo "$workload $config $ms" >>"$times"
            in_process=$(sed -n "s/^$workload_mark//p" "$log" | head -1)
            [[ -n $in_process ]] && echo "$workload $config $in_process" >>"$workload_times"
            echo "round $round: $workload $config $ms ms" >&2
        done
    done
done

# Attach: the service started without an agent and answering, ServiceLoad sending it requests until
# it is stopped, and meanwhile one tool attaches: jtracemalloc's `start PID` (exact, nframe=1), and,
# as their users would attach them, JFR (jcmd JFR.start) and async-profiler (jcmd JVMTI.agent_load).
# Each appends "tool classes-loaded attach-ms requests/s-before requests/s-during" to
# attach-times.txt: the rate over the 2 s before the tool starts, and while it attaches.
jcmd=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
jstat=${JAVA_HOME:+$JAVA_HOME/bin/}jstat
answered_mark='jtracemalloc-bench answered '
attach_names=(jtracemalloc)
for peer in jfr asprof512k; do
    [[ " ${config_names[*]} " == *" $peer "* ]] && attach_names+=("$peer")
done

# The command that attaches tool $1 to process $2, one word a line.
attach_command() {
    case $1 in
        jtracemalloc) printf '%s\n' "$java" -jar "$agent_jar" start "$2" ;;
        jfr) printf '%s\n' "$jcmd" "$2" JFR.start settings=profile "filename=$out/attach-jfr.jfr" ;;
        # quoted, or jcmd's parser splits the agent's options at its first '='
        asprof512k) printf '%s\n' "$jcmd" "$2" JVMTI.agent_load "$workload_dir/async-profiler/linux-x64/libasyncProfiler.so" \
            "\"start,event=alloc,alloc=512k,file=$out/attach-asprof.jfr\"" ;;
    esac
}

# Whether tool $1 reports that it started, in its command's output $2 or the service's log $3:
# jcmd exits with 0 even when the loaded agent refuses its options.
attach_started() {
    case $1 in
        jtracemalloc) grep -q ": tracing" "$2" ;;
        jfr) grep -q "Started recording" "$2" ;;
        asprof512k) grep -q "Profiling started" "$3" ;;
    esac
}

# The requests answered so far by the client whose log is $1, and the time, in ms: "count ms".
answered_now() {
    echo "$(sed -n "s/^$answered_mark//p" "$1" | tail -1) $(date +%s%3N)"
}

attach_once() {
    local tool=$1 log=$2 client_log=${2%.log}-client.log client loaded before during start attach_ms tries
    local -a command
    launch_service
    "$java" -cp "$classes" org.jtracemalloc.bench.workload.ServiceLoad "$service_port" "$launched" 0 \
        "$service_connections" >"$client_log" 2>&1 &
    client=$!
    until grep -qs "^$answered_mark" "$client_log"; do
        kill -0 "$client" 2>/dev/null || { stop_service; echo "run.sh: the service did not answer, see $log and $client_log" >&2; exit 1; }
        sleep 0.1
    done
    before=$(answered_now "$client_log")
    sleep 2
    loaded=$("$jstat" -class "$service_pid" | awk 'NR == 2 { print $1 - $3 }')
    mapfile -t command < <(attach_command "$tool" "$service_pid")
    during=$(answered_now "$client_log")
    start=$(date +%s%N)
    if ! "${command[@]}" >"${log%.log}-attach.log" 2>&1; then
        kill "$client"
        stop_service
        echo "run.sh: attaching $tool failed, see ${log%.log}-attach.log" >&2
        exit 1
    fi
    attach_ms=$((($(date +%s%N) - start) / 1000000))
    # the service's output may reach its log a little later
    for ((tries = 0; tries < 20; tries++)); do
        attach_started "$tool" "${log%.log}-attach.log" "$log" && break
        sleep 0.1
    done
    if ((tries == 20)); then
        kill "$client"
        stop_service
        echo "run.sh: $tool did not report that it started, see ${log%.log}-attach.log and $log" >&2
        exit 1
    fi
    echo "$tool $loaded $attach_ms $before $during $(answered_now "$client_log")" |
        awk '{ printf "%s %d %d %.0f %.0f\n", $1, $2, $3, ($6 - $4) * 1000 / ($7 - $5), ($8 - $6) * 1000 / ($9 - $7) }' >>"$attach_times"
    kill "$client"
    wait "$client" || true
    stop_service
    echo "attach round $round: $tool ${attach_ms} ms with $loaded classes loaded" >&2
}

if [[ ${ATTACH-1} != 0 && -n ${ATTACH-1} ]]; then
    for ((round = 1; round <= rounds; round++)); do
        for ((k = 0; k < ${#attach_names[@]}; k++)); do
            tool=${attach_names[(k + round - 1) % ${#attach_names[@]}]}
            attach_once "$tool" "$out/logs/attach-$tool-$round.log"
        done
    done
fi

# Snapshot operations against CPython: SnapshotOperations under the agent (exact, nframe=1) and
# bench/snapshot_ops.py, each in a fresh process every round, in alternating order; each appends
# "who phase operation ms" to operation-times.txt.
operations_once() {
    local who=$1 log=$out/logs/operations-$1-$2.log
    local -a command=("$java" -Xmx3g "${config_options[1]}" -cp "$classes" org.jtracemalloc.bench.workload.SnapshotOperations 3 "$out")
    [[ $who == cpython ]] && command=(python3 "$root/bench/snapshot_ops.py" 3 "$out")
    "${command[@]}" >"$log" 2>&1 || { echo "run.sh: the snapshot operations of $who failed, see $log" >&2; exit 1; }
    sed -n "s/^jtracemalloc-bench op /$who /p" "$log" >>"$operation_times"
    echo "operations round $2: $who done" >&2
}

if [[ ${SNAPSHOTS-1} != 0 && -n ${SNAPSHOTS-1} ]]; then
    operation_runners=(jtracemalloc)
    if command -v python3 >/dev/null; then
        operation_runners+=(cpython)
    else
        echo "run.sh: no python3 on the PATH; the snapshot operations have no CPython column" >&2
    fi
    for ((round = 1; round <= rounds; round++)); do
        for ((k = 0; k < ${#operation_runners[@]}; k++)); do
            operations_once "${operation_runners[(k + round - 1) % ${#operation_runners[@]}]}" "$round"
        done
    done
fi

if [[ ${MEMORY-1} != 0 && -n ${MEMORY-1} ]]; then
    memory_line=$(SKIP_BUILD=1 "$root/bench/memory.sh" | tail -1)
fi

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# The median of the numbers on standard input.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Prints a table of medians of the times in file $1 (lines "workload configuration ms"), with each
# configuration's ratio and difference to the first one (no agent).
median_table() {
    local file=$1 workload name median base
    echo "| workload | configuration | median | ratio to none | difference to none |"
    echo "|---|---|---:|---:|---:|"
    for workload in $workloads; do
        grep -q "^$workload " "$file" || continue
        configurations_of "$workload"
        base=""
        for name in "${names[@]}"; do
            median=$(awk -v w="$workload" -v c="$name" '$1 == w && $2 == c { print $3 }' "$file" | median)
            [[ -z $base ]] && base=$median
            awk -v w="$workload" -v c="$name" -v m="$median" -v b="$base" \
                'BEGIN { printf "| %s | %s | %.2f s | %.2fx | %+.2f s |\n", w, c, m / 1000, m / b, (m - b) / 1000 }'
        done
    done
}

if [[ -s $times ]]; then
    echo
    median_table "$times"
fi
if [[ -s $workload_times ]]; then
    echo
    echo "In-process workload time (each workload times its own work from the start of its main method: no JVM"
    echo "start-up, no agent premain, no exit; the kind of time behind the issue's anchors, CPython 7.5x, JFR 1.08x,"
    echo "allocation-instrumenter 3.0-3.7x; the targets are the whole-process ratios above; hello has none):"
    echo
    median_table "$workload_times"
fi
if [[ -s $service_times ]]; then
    echo
    echo "Spring Boot service ($service_requests requests over $service_connections connections, from its launch):"
    echo "start-up until the first answered request, then the rate of the requests; medians"
    echo
    echo "| configuration | start-up | ratio to none | ratio to otel | requests/s | ratio to none |"
    echo "|---|---:|---:|---:|---:|---:|"
    configurations_of springboot
    base_startup="" base_rate="" otel_startup=""
    for name in "${names[@]}"; do
        startup=$(awk -v c="$name" '$1 == c { print $2 }' "$service_times" | median)
        rate=$(awk -v c="$name" '$1 == c { print $3 }' "$service_times" | median)
        [[ -z $base_startup ]] && base_startup=$startup base_rate=$rate
        [[ $name == otel ]] && otel_startup=$startup
        awk -v c="$name" -v s="$startup" -v r="$rate" -v bs="$base_startup" -v br="$base_rate" -v os="$otel_startup" \
            'BEGIN { printf "| %s | %.2f s | %.2fx | %s | %.0f | %.2fx |\n", c, s / 1000, s / bs,
                (os != "" && c ~ /otel/) ? sprintf("%.2fx", s / os) : "", r, r / br }'
    done
fi
if [[ -s $attach_times ]]; then
    echo
    echo "Attaching to the serving Spring Boot service (the tool's command, from its launch to its return; the"
    echo "service's rate over the 2 s before and while the tool attaches); medians:"
    echo
    echo "| tool | classes loaded | attach | requests/s before | requests/s while it attaches |"
    echo "|---|---:|---:|---:|---:|"
    for tool in "${attach_names[@]}"; do
        row=("$tool")
        for column in 2 3 4 5; do
            row+=("$(awk -v t="$tool" -v c="$column" '$1 == t { print $c }' "$attach_times" | median)")
        done
        awk -v t="${row[0]}" -v l="${row[1]}" -v a="${row[2]}" -v b="${row[3]}" -v d="${row[4]}" \
            'BEGIN { printf "| %s | %d | %.2f s | %.0f | %.0f |\n", t, l, a / 1000, b, d }'
    done
fi
if [[ -s $operation_times ]]; then
    echo
    echo "Snapshot operations, 1,000,000 live traces from four lines (statistics630k: a built snapshot of 1,000,000"
    echo "traces on 630,000 lines); cold: the first call in a fresh process, warm: the later ones; medians:"
    echo
    echo "| operation | jtracemalloc cold | CPython cold | faster | jtracemalloc warm | CPython warm | faster |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for operation in takeSnapshot statistics compareTo dump load statistics630k; do
        row="| $operation |"
        for phase in cold warm; do
            ours=$(awk -v p="$phase" -v o="$operation" '$1 == "jtracemalloc" && $2 == p && $3 == o { print $4 }' "$operation_times" | median)
            theirs=$(awk -v p="$phase" -v o="$operation" '$1 == "cpython" && $2 == p && $3 == o { print $4 }' "$operation_times" | median)
            row+=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf " %.0f ms | %s | %s |", a,
                b == "" ? "" : sprintf("%.0f ms", b), b == "" ? "" : sprintf("%.1fx", b / a) }')
        done
        echo "$row"
    done
fi
if [[ -n ${memory_line:-} ]]; then
    echo
    echo "bench/memory.sh (1,000,000 live objects, exact nframe=1): $memory_line"
fi
