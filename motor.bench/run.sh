#!/usr/bin/env bash
# Motor's side-by-side load harness. Documented in docs/performance.md.
#
# Starts each server in turn -- Motor and its peers Jetty, Netty, Undertow, Helidon, the JDK's
# HttpServer and Vert.x, all serving GET /plaintext and GET /json -- pinned to one CPU with the same
# JVM flags, loads it from wrk pinned to the other CPU, and reports per server the medians over several
# rounds (the server order rotates from round to round):
#
#   plaintext req/s and p99 latency      wrk -t1 -c64 --latency, GET /plaintext
#   JSON req/s                           wrk -t1 -c64, GET /json (Jackson per request)
#   pipelined req/s                      wrk -t1 -c64 with pipeline.lua: 16 requests per write
#   HTTP/2 req/s                         h2load -t1 -c64 -m10 on /plaintext over cleartext HTTP/2 (prior
#                                        knowledge), for the servers that speak it; NA for the others
#   server CPU time per request          utime+stime of the server (/proc/PID/stat) during a run,
#                                        divided by the requests wrk counted
#   start to first response              launch of the JVM to the first 200 on /plaintext, polled
#                                        every 2 ms (motor.bench.load.FirstResponse)
#   RSS after load                       VmRSS (/proc/PID/status) after the load runs
#   live heap per idle connection        10,000 keep-alive connections, each after one request,
#                                        held idle (motor.bench.load.IdleConnections); live heap
#                                        after a full GC (jcmd GC.class_histogram) minus the same
#                                        before, divided by the connections; ss checks they are held
#
# plus, as a caution and not a result, the share of the server's CPU that other processes took during
# the measured runs (another build on a shared machine shows there). It checks that nothing failed:
# each route's status, type and body with curl before loading, wrk's socket errors and non-2xx
# responses, wrk's bytes per response against the size of the right one, and every idle connection's
# response.
#
# Usage (from anywhere):
#   motor.bench/run.sh                         full run: 3 rounds of every server (about 22 minutes)
#   QUICK=1 motor.bench/run.sh                 1 round, short runs, 2,000 idle connections (~3 min)
#   SERVERS="motor netty" motor.bench/run.sh   some servers only
#   PAIRED=8 SERVERS="motor netty vertx" motor.bench/run.sh
#                                              paired mode: all servers up at once, and 8 repetitions
#                                              of back-to-back short runs (server order rotating) per
#                                              route, so that a change in the machine's speed, which
#                                              lasts minutes, hits every server alike; reports CPU per
#                                              request and req/s as medians of per-repetition ratios
#
# Settings (environment; defaults in brackets, QUICK=1 ones after the slash):
#   SERVERS       servers to run, in this order in round 1 [motor jetty netty undertow helidon jdk vertx]
#   ROUNDS        rounds [3/1]
#   DURATION      seconds of each measured wrk run [10/3]
#   WARMUP        seconds of wrk warm-up per route before measuring [8/2]
#   CONNECTIONS   wrk connections [64]
#   PIPELINE      requests per write in the pipelined run [16]
#   H2            1: also load /plaintext over cleartext HTTP/2 with h2load where the server speaks it, 0: no [1]
#   H2_STREAMS    concurrent streams per HTTP/2 connection [10]
#   IDLE          idle keep-alive connections to hold [10000/2000]
#   SERVER_CPU    CPU the server is pinned to [0]
#   LOAD_CPU      CPU wrk and the helper tools are pinned to [1]
#   JVM_FLAGS     flags for every server JVM [see SERVER_FLAGS below]
#   JAVA_HOME     a JDK 21+ (Helidon needs 21) [the first found of $JAVA_HOME, /usr/lib/jvm/*]
#   BUILD         1: always rebuild, 0: never; by default only when sources are newer than the jar
#   BASE_PORT     first port; server i uses BASE_PORT + 10*i (+1 for the start-up probe) [18080]
#   AOT           1: before the rounds, give every server a JDK AOT cache from a short training run
#                 (-XX:AOTCacheOutput, then -XX:AOTCache in every launch), 0: none [1]
#
# Output: a Markdown table printed at the end and written to motor.bench/target/results.md, with the
# raw per-round figures (also in motor.bench/target/results-raw.tsv); logs of every process in
# motor.bench/target/bench-logs/. Traffic goes to 127.0.0.1 only; every step has a time limit; every
# process started here is killed on exit, even on failure or Ctrl-C.

set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
TARGET="$BENCH_DIR/target"

QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
    ROUNDS="${ROUNDS:-1}"; DURATION="${DURATION:-3}"; WARMUP="${WARMUP:-2}"; IDLE="${IDLE:-2000}"
else
    ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-8}"; IDLE="${IDLE:-10000}"
fi
SERVERS="${SERVERS:-motor jetty netty undertow helidon jdk vertx}"
CONNECTIONS="${CONNECTIONS:-64}"
PIPELINE="${PIPELINE:-16}"
SERVER_CPU="${SERVER_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
BASE_PORT="${BASE_PORT:-18080}"
BUILD="${BUILD:-auto}"
AOT="${AOT:-1}"
PAIRED="${PAIRED:-0}"
H2_STREAMS="${H2_STREAMS:-10}"
# The same for every server: a fixed 512 MiB heap (no resizing during the runs), the throughput
# collector (on one CPU the JVM would otherwise pick Serial), and the two switches that let Netty
# (also inside Vert.x) use sun.misc.Unsafe and load its native transport on JDK 24+ without warnings.
SERVER_FLAGS="${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseParallelGC --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED}"
# The helper tools (start-up probe, idle-connection holder, report) are small; keep them out of the way.
TOOL_FLAGS="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"

declare -A MAIN=(
    [motor]=motor.bench.peers.MotorServer
    [jetty]=motor.bench.peers.JettyServer
    [netty]=motor.bench.peers.NettyServer
    [undertow]=motor.bench.peers.UndertowServer
    [helidon]=motor.bench.peers.HelidonServer
    [jdk]=motor.bench.peers.JdkServer
    [vertx]=motor.bench.peers.VertxServer
)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------------------- cleanup

PIDS=()
track() { PIDS+=("$1"); }
stop_pid() {
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    return 0
}
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        stop_pid "$pid"
    done
    PIDS=()
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ------------------------------------------------------------------------------- prerequisites

for name in $SERVERS; do
    [[ -n "${MAIN[$name]:-}" ]] || die "unknown server '$name' (known: ${!MAIN[*]})"
done
[[ "$(nproc)" -ge 2 ]] || log "warning: fewer than 2 CPUs; server and load will share one"

find_java() {
    local candidates=()
    [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
    for dir in /usr/lib/jvm/*; do candidates+=("$dir"); done
    local home version
    for home in "${candidates[@]}"; do
        [[ -x "$home/bin/java" && -x "$home/bin/jcmd" ]] || continue
        version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
            | awk -F'= ' '/java.specification.version/ {print $2}')"
        if [[ "${version%%.*}" =~ ^[0-9]+$ && "${version%%.*}" -ge 21 ]]; then
            echo "$home"
            return 0
        fi
    done
    return 1
}
JAVA_HOME="$(find_java)" || die "no JDK 21 or newer found: set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"

install_debian_package() {
    log "installing $1 (apt-get)"
    if [[ "$(id -u)" -eq 0 ]]; then
        timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq "$1" >/dev/null
    else
        timeout 300 sudo apt-get update -qq && timeout 300 sudo apt-get install -y -qq "$1" >/dev/null
    fi
}
command -v wrk >/dev/null || install_debian_package wrk || die "wrk is missing and could not be installed"
command -v curl >/dev/null || install_debian_package curl || die "curl is missing"
command -v taskset >/dev/null || install_debian_package util-linux || die "taskset is missing"
command -v ss >/dev/null || install_debian_package iproute2 || die "ss is missing"
# h2load for the HTTP/2 figures: optional (H2=0 skips them; without it the HTTP/2 columns are NA)
H2LOAD=""
if [[ "${H2:-1}" == 1 ]]; then
    command -v h2load >/dev/null || install_debian_package nghttp2-client || log "h2load is missing: no HTTP/2 figures"
    command -v h2load >/dev/null && H2LOAD=h2load
fi

# Every idle connection is a file descriptor in the server and one in the holder.
ulimit -n "$(ulimit -Hn)" 2>/dev/null
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt $((IDLE + 1000)) ]]; then
    ulimit -n 65536 2>/dev/null
    if [[ "$(ulimit -n)" -lt $((IDLE + 1000)) ]]; then
        IDLE=$(( $(ulimit -n) - 1000 ))
        log "warning: open files limited to $(ulimit -n); holding $IDLE idle connections instead"
    fi
fi

# ------------------------------------------------------------------------------- build

needs_build() {
    case "$BUILD" in
        1) return 0 ;;
        0) return 1 ;;
    esac
    local jar="$TARGET/motor-bench.jar"
    [[ -f "$jar" && -f "$TARGET/classpath/motor.txt" && -f "$TARGET/benchmarks.jar" ]] || return 0
    [[ -n "$(find "$ROOT_DIR/pom.xml" "$BENCH_DIR/pom.xml" "$BENCH_DIR/src" "$ROOT_DIR/motor.spi/src" \
        "$ROOT_DIR/motor.spi/pom.xml" "$ROOT_DIR/motor.core/src" "$ROOT_DIR/motor.core/pom.xml" \
        "$ROOT_DIR/motor.example.showcase/src" "$ROOT_DIR/motor.example.showcase/pom.xml" \
        -newer "$jar" -print -quit 2>/dev/null)" ]]
}
if needs_build; then
    log "building motor.bench (mvn -Pbench -DskipTests package -pl motor.bench -am)"
    (cd "$ROOT_DIR" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
        timeout 900 mvn -q -B -Pbench -DskipTests package -pl motor.bench -am) || die "build failed"
    touch "$TARGET/motor-bench.jar"  # the jar plugin leaves an up-to-date jar as it was
fi
BENCH_JAR="$TARGET/motor-bench.jar"
for name in $SERVERS; do
    [[ -f "$TARGET/classpath/$name.txt" ]] || die "missing $TARGET/classpath/$name.txt: rebuild with BUILD=1"
done
classpath() { echo "$BENCH_JAR:$(cat "$TARGET/classpath/$1.txt")"; }

# ------------------------------------------------------------------------------- measurements

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
LOGS="$TARGET/bench-logs/$STAMP"
mkdir -p "$LOGS"
RAW="$TARGET/results-raw.tsv"
COLUMNS_TSV="round	server	startup_ms	plain_rps	plain_p99_ms	plain_cpu_us	plain_requests	plain_err	json_rps	json_p99_ms	json_cpu_us	json_err	pipe_rps	pipe_cpu_us	pipe_err	rss_mib	idle_conns	idle_held	idle_failed	idle_bytes	cpu_other_pct	plain_sys_us	json_sys_us	h2_rps	h2_cpu_us	h2_err	check"
echo "$COLUMNS_TSV" > "$RAW"

# user and system (kernel) clock ticks of a process, all its threads: "UTIME STIME"
cpu_split() { awk '{print $14, $15}' "/proc/$1/stat" 2>/dev/null || echo NA NA; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo NA; }
# "busy total" ticks of the server's CPU (user+nice+system, and all fields), to see what else ran there
cpu_line() { awk -v c="cpu$SERVER_CPU" '$1 == c {t = 0; for (i = 2; i <= NF; i++) t += $i; print $2 + $3 + $4, t}' /proc/stat; }
CLK_TCK="$(getconf CLK_TCK)"

# Live heap in bytes: GC.class_histogram collects fully first and counts only live objects.
live_heap() {
    local pid="$1" out
    timeout 60 taskset -c "$LOAD_CPU" "$JCMD" "$pid" GC.run >/dev/null 2>&1
    out="$(timeout 120 taskset -c "$LOAD_CPU" "$JCMD" "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}')"
    [[ "$out" =~ ^[0-9]+$ ]] && echo "$out" || echo NA
}

established() {
    ss -Htn state established "( sport = :$1 )" 2>/dev/null | wc -l
}

# wrk_run NAME PID PORT PATH SECONDS [pipelined] -> sets W_RPS W_P99 W_REQ W_ERR W_CPU, and W_SYS, the
# part of W_CPU spent in the kernel (system time: the socket calls and the loopback's TCP work)
wrk_run() {
    local name="$1" pid="$2" port="$3" path="$4" seconds="$5" mode="${6:-}"
    local out="$LOGS/$name.wrk.txt"
    local before after script=() script_args=()
    if [[ "$mode" == pipelined ]]; then
        script=(-s "$BENCH_DIR/pipeline.lua")
        script_args=(-- "$PIPELINE")
    fi
    local line_before line_after split_before split_after
    line_before="$(cpu_line)"
    split_before="$(cpu_split "$pid")"
    before="$(cpu_ticks "$pid")"
    timeout $((seconds + 30)) taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s \
        --latency "${script[@]}" "http://127.0.0.1:$port$path" "${script_args[@]}" > "$out" 2>&1
    local status=$?
    after="$(cpu_ticks "$pid")"
    split_after="$(cpu_split "$pid")"
    line_after="$(cpu_line)"
    # share of the server's CPU that went to other processes during the run (another build, say)
    W_OTHER="$(awk -v b="$line_before" -v a="$line_after" -v s=$(( ${after/NA/0} - ${before/NA/0} )) 'BEGIN {
        split(b, x, " "); split(a, y, " "); total = y[2] - x[2]; busy = y[1] - x[1] - s
        if (total > 0) printf "%.1f", (busy < 0 ? 0 : busy) * 100 / total; else print "NA"}')"
    W_RPS="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
    W_REQ="$(awk '/ requests in / {print $1}' "$out")"
    # bytes read per response (wrk prints e.g. "37.01MB read", in units of 1024)
    W_SIZE="$(awk '/ requests in / {v = $5; sub(/read$/, "", v); m = 1
        if (v ~ /GB$/) m = 1073741824; else if (v ~ /MB$/) m = 1048576; else if (v ~ /KB$/) m = 1024
        gsub(/[A-Z]+$/, "", v); if ($1 > 0) printf "%.2f", v * m / $1}' "$out")"
    W_P99="$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v = v / 1000}
        else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v = v * 1000}
        printf "%.3f", v}' "$out")"
    local socket non2xx
    socket="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")"
    W_ERR=$(( ${socket:-0} + ${non2xx:-0} ))
    [[ $status -eq 0 && -n "$W_RPS" && -n "$W_REQ" ]] || { W_RPS=NA; W_P99=NA; W_CPU=NA; W_SYS=NA; W_ERR=$((W_ERR + 1)); \
        log "  wrk failed (status $status), see $out"; return 1; }
    [[ -n "$W_P99" ]] || W_P99=NA
    if [[ "$before" != NA && "$after" != NA && "$W_REQ" -gt 0 ]]; then
        W_CPU="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$W_REQ" 'BEGIN {printf "%.3f", t / hz * 1e6 / n}')"
        W_SYS="$(awk -v b="$split_before" -v a="$split_after" -v hz="$CLK_TCK" -v n="$W_REQ" 'BEGIN {
            split(b, x, " "); split(a, y, " ")
            if (x[2] == "NA" || y[2] == "NA") print "NA"; else printf "%.3f", (y[2] - x[2]) / hz * 1e6 / n}')"
    else
        W_CPU=NA; W_SYS=NA
    fi
    return 0
}

# h2_supported PORT: whether the server answers /plaintext over cleartext HTTP/2 with prior knowledge
h2_supported() {
    [[ "$(timeout 10 curl -s -m 5 --http2-prior-knowledge -o /dev/null -w '%{http_version}' \
        "http://127.0.0.1:$1/plaintext" 2>/dev/null)" == 2 ]]
}

# h2_run NAME PID PORT SECONDS -> sets H_RPS H_ERR H_CPU (and W_OTHER): h2load on /plaintext, 64 connections
# with 10 concurrent streams each, pinned to the load CPU
h2_run() {
    local name="$1" pid="$2" port="$3" seconds="$4" out="$LOGS/$1.h2load.txt" before after line_before line_after
    line_before="$(cpu_line)"
    before="$(cpu_ticks "$pid")"
    timeout $((seconds + 30)) taskset -c "$LOAD_CPU" h2load -t1 -c"$CONNECTIONS" -m"$H2_STREAMS" -D "$seconds" \
        "http://127.0.0.1:$port/plaintext" > "$out" 2>&1
    local status=$?
    after="$(cpu_ticks "$pid")"
    line_after="$(cpu_line)"
    W_OTHER="$(awk -v b="$line_before" -v a="$line_after" -v s=$(( ${after/NA/0} - ${before/NA/0} )) 'BEGIN {
        split(b, x, " "); split(a, y, " "); total = y[2] - x[2]; busy = y[1] - x[1] - s
        if (total > 0) printf "%.1f", (busy < 0 ? 0 : busy) * 100 / total; else print "NA"}')"
    # "finished in 10.00s, 123456.70 req/s, ..." and "requests: N total, N started, N done, N succeeded, N failed, N errored"
    H_RPS="$(awk '/^finished in/ {gsub(/,/, "", $4); print $4}' "$out")"
    local done succeeded
    done="$(awk '/^requests:/ {print $6}' "$out")"
    succeeded="$(awk '/^requests:/ {print $10}' "$out")"
    local ok2xx
    ok2xx="$(awk '/^status codes:/ {gsub(/,/, "", $3); print $3}' "$out")"
    H_ERR=$(( ${done:-0} - ${ok2xx:-0} ))
    if [[ $status -ne 0 || -z "$H_RPS" || -z "$done" || "$done" -eq 0 ]]; then
        H_RPS=NA; H_CPU=NA; H_ERR=$(( H_ERR + 1 )); log "  h2load failed (status $status), see $out"; return 1
    fi
    H_CPU="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$done" 'BEGIN {printf "%.3f", t / hz * 1e6 / n}')"
    return 0
}

# check_route PORT PATH TYPE BODY -> 0 if status 200, the type and the exact body; CHECK_SIZE is the
# size of the whole response (head and body), which wrk's byte count is compared with later
check_route() {
    local port="$1" path="$2" type="$3" body="$4" got meta
    CHECK_SIZE=NA
    got="$(timeout 10 curl -s -m 5 -D "$LOGS/check.headers" "http://127.0.0.1:$port$path")" || return 1
    CHECK_SIZE=$(( $(wc -c < "$LOGS/check.headers") + ${#got} ))
    meta="$(head -1 "$LOGS/check.headers" | tr -d '\r')"
    [[ "$meta" == "HTTP/1.1 200"* ]] || { log "  $path: status line '$meta'"; return 1; }
    grep -qi "^content-type: $type" "$LOGS/check.headers" || { log "  $path: content type is not $type"; return 1; }
    [[ "$got" == "$body" ]] || { log "  $path: body '$got'"; return 1; }
}

# flags NAME: the JVM flags of every server, plus its AOT cache when one was trained
flags() {
    local cache="$TARGET/aot/$1.aot"
    if [[ "$AOT" == 1 && -s "$cache" ]]; then echo "$SERVER_FLAGS -XX:AOTCache=$cache"; else echo "$SERVER_FLAGS"; fi
}

# train NAME PORT: a training run that leaves the server's AOT cache in target/aot (JDK 25, JEP 514/515):
# start with -XX:AOTCacheOutput, serve both routes for a few seconds, stop with SIGTERM (the JVM writes
# the cache as it exits). The same recipe for every server.
train() {
    local name="$1" port="$2" cache="$TARGET/aot/$1.aot" out="$LOGS/train-$1.out"
    mkdir -p "$TARGET/aot"
    rm -f "$cache"
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" "$JAVA" $SERVER_FLAGS -XX:AOTCacheOutput="$cache" -cp "$(classpath "$name")" \
        "${MAIN[$name]}" "$port" > "$out" 2> "${out%.out}.err" &
    local pid=$!
    track "$pid"
    for _ in $(seq 600); do
        grep -q READY "$out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if grep -q READY "$out" 2>/dev/null; then
        for route in plaintext json; do
            timeout 20 taskset -c "$LOAD_CPU" wrk -t1 -c8 -d2s "http://127.0.0.1:$port/$route" > /dev/null 2>&1
        done
    fi
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    if [[ -s "$cache" ]]; then log "  $name: AOT cache $(du -h "$cache" | cut -f1)"; else log "  $name: no AOT cache (see $out)"; fi
}

# start_server NAME PORT LOG -> SERVER_PID, waits for READY
start_server() {
    local name="$1" port="$2" out="$3"
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" "$JAVA" $(flags "$name") -cp "$(classpath "$name")" "${MAIN[$name]}" "$port" \
        > "$out" 2> "${out%.out}.err" &
    SERVER_PID=$!
    track "$SERVER_PID"
    for _ in $(seq 600); do
        grep -q READY "$out" 2>/dev/null && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { log "  $name exited before READY, see ${out%.out}.err"; return 1; }
        sleep 0.1
    done
    log "  $name not READY within 60 s"
    return 1
}

# records a failed check in the caller's $check
add_check() {
    if [[ "$check" == ok ]]; then check="$1"; else check="$check,$1"; fi
}

# check_size RUN EXPECTED: wrk's bytes per response must be the size curl saw (the Date header keeps
# its length), or some responses were not what they should be
check_size() {
    if [[ -z "$W_SIZE" ]] || ! awk -v a="$W_SIZE" -v b="$2" 'BEGIN {d = a - b; exit !(d < 1 && d > -1)}'; then
        log "  $1: $W_SIZE bytes per response, but a right response has $2"
        add_check "wrong-size-$1"
    fi
}

measure_server() {
    local round="$1" name="$2" index="$3"
    local port=$((BASE_PORT + 10 * index)) probe_port=$((BASE_PORT + 10 * index + 1))
    local tag="r$round.$name"
    local startup=NA plain_rps=NA plain_p99=NA plain_cpu=NA plain_req=NA plain_err=NA plain_sys=NA json_sys=NA
    local json_rps=NA json_p99=NA json_cpu=NA json_err=NA pipe_rps=NA pipe_cpu=NA pipe_err=NA
    local rss=NA idle_held=NA idle_failed=NA idle_bytes=NA check=ok other=NA h2_rps=NA h2_cpu=NA h2_err=NA
    log "round $round: $name"

    # 1. start to first response, in a launch of its own
    local probe
    # shellcheck disable=SC2086
    probe="$(timeout 60 taskset -c "$LOAD_CPU" "$JAVA" $TOOL_FLAGS -cp "$BENCH_JAR" motor.bench.load.FirstResponse \
        "$probe_port" 30000 "$LOGS/$tag.startup.log" \
        taskset -c "$SERVER_CPU" "$JAVA" $(flags "$name") -cp "$(classpath "$name")" "${MAIN[$name]}" "$probe_port" \
        2>"$LOGS/$tag.probe.err")"
    startup="$(awk '/^FIRST_RESPONSE_MS/ {print $2}' <<<"$probe")"
    [[ "$startup" =~ ^[0-9.]+$ ]] || { log "  start-up probe: ${probe:-no answer}"; startup=NA; add_check startup-failed; }
    log "  start to first response: $startup ms"

    # 2. the server for the load runs
    if ! start_server "$name" "$port" "$LOGS/$tag.out"; then
        stop_pid "${SERVER_PID:-}"
        { printf '%s\t%s\t%s' "$round" "$name" "$startup"; printf '\tNA%.0s' $(seq 23); printf '\tnot-started\n'; } >> "$RAW"
        return
    fi
    local pid="$SERVER_PID"
    log "  $(grep -m1 READY "$LOGS/$tag.out")"

    # 3. right answers before any load
    local plain_size=NA json_size=NA others=()
    if check_route "$port" /plaintext text/plain 'Hello, World!'; then plain_size="$CHECK_SIZE"; fi
    if check_route "$port" /json application/json '{"message":"Hello, World!"}'; then json_size="$CHECK_SIZE"; fi
    if [[ "$plain_size" == NA || "$json_size" == NA ]]; then
        add_check wrong-response
        log "  wrong response: skipping the load runs"
    else
        # 4. warm-up, then the measured runs
        wrk_run "$tag.warm-plain" "$pid" "$port" /plaintext "$WARMUP" >/dev/null
        wrk_run "$tag.warm-json" "$pid" "$port" /json "$WARMUP" >/dev/null
        wrk_run "$tag.warm-pipe" "$pid" "$port" /plaintext "$WARMUP" pipelined >/dev/null

        if wrk_run "$tag.plaintext" "$pid" "$port" /plaintext "$DURATION"; then
            plain_rps="$W_RPS"; plain_p99="$W_P99"; plain_cpu="$W_CPU"; plain_sys="$W_SYS"; plain_req="$W_REQ"; others+=("$W_OTHER")
            check_size plaintext "$plain_size"
        fi
        plain_err="$W_ERR"
        if wrk_run "$tag.json" "$pid" "$port" /json "$DURATION"; then
            json_rps="$W_RPS"; json_p99="$W_P99"; json_cpu="$W_CPU"; json_sys="$W_SYS"; others+=("$W_OTHER")
            check_size json "$json_size"
        fi
        json_err="$W_ERR"
        if wrk_run "$tag.pipelined" "$pid" "$port" /plaintext "$DURATION" pipelined; then
            pipe_rps="$W_RPS"; pipe_cpu="$W_CPU"; others+=("$W_OTHER")
            check_size pipelined "$plain_size"
        fi
        pipe_err="$W_ERR"
        # HTTP/2 over cleartext (prior knowledge), when the server speaks it
        if [[ -n "$H2LOAD" ]] && h2_supported "$port"; then
            h2_run "$tag.warm-h2" "$pid" "$port" "$WARMUP" >/dev/null
            if h2_run "$tag.h2" "$pid" "$port" "$DURATION"; then
                h2_rps="$H_RPS"; h2_cpu="$H_CPU"; others+=("$W_OTHER")
            fi
            h2_err="$H_ERR"
            log "  HTTP/2: $h2_rps req/s cpu $h2_cpu us/req, errors $h2_err"
        fi
        other="$(printf '%s\n' "${others[@]}" | sort -g | tail -1)"
        [[ -n "$other" ]] || other=NA
        log "  plaintext $plain_rps req/s p99 $plain_p99 ms cpu $plain_cpu us/req | json $json_rps req/s cpu $json_cpu us/req | pipelined $pipe_rps req/s cpu $pipe_cpu us/req | errors $plain_err/$json_err/$pipe_err | other processes on CPU $SERVER_CPU: up to ${other}%"
    fi

    # 5. memory after load
    rss="$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null)"
    [[ -n "$rss" ]] || rss=NA

    # 6. idle keep-alive connections
    if kill -0 "$pid" 2>/dev/null; then
        sleep 1
        timeout 30 taskset -c "$LOAD_CPU" "$JCMD" "$pid" VM.version >/dev/null 2>&1  # start the attach listener first
        local before_heap after_heap before_conns holder_out="$LOGS/$tag.idle.out" holder
        before_conns="$(established "$port")"
        before_heap="$(live_heap "$pid")"
        # shellcheck disable=SC2086
        taskset -c "$LOAD_CPU" "$JAVA" $TOOL_FLAGS -cp "$BENCH_JAR" motor.bench.load.IdleConnections \
            "$port" "$IDLE" 256 90 300 > "$holder_out" 2>&1 &
        holder=$!
        track "$holder"
        for _ in $(seq 1000); do
            grep -q '^HELD' "$holder_out" 2>/dev/null && break
            kill -0 "$holder" 2>/dev/null || break
            sleep 0.1
        done
        local held_line
        held_line="$(grep -m1 '^HELD' "$holder_out")"
        if [[ -n "$held_line" ]]; then
            idle_failed="$(awk '{print $4}' <<<"$held_line")"
            sleep 2
            local during after_conns
            during="$(established "$port")"
            after_heap="$(live_heap "$pid")"
            after_conns="$(established "$port")"
            idle_held=$(( (during < after_conns ? during : after_conns) - before_conns ))
            if [[ "$before_heap" != NA && "$after_heap" != NA ]]; then
                idle_bytes=$(( (after_heap - before_heap) / IDLE ))
            fi
            log "  idle: $held_line; server holds $idle_held (ss, before $before_conns), live heap $before_heap -> $after_heap B: $idle_bytes B/connection"
            [[ "$idle_held" -ge "$IDLE" ]] || add_check dropped-idle-connections
        else
            log "  idle connections: holder gave no HELD line, see $holder_out"
            add_check idle-failed
        fi
        stop_pid "$holder"
    fi

    stop_pid "$pid"
    printf '%s\n' "$round	$name	$startup	$plain_rps	$plain_p99	$plain_cpu	$plain_req	$plain_err	$json_rps	$json_p99	$json_cpu	$json_err	$pipe_rps	$pipe_cpu	$pipe_err	$rss	$IDLE	$idle_held	$idle_failed	$idle_bytes	$other	$plain_sys	$json_sys	$h2_rps	$h2_cpu	$h2_err	$check" >> "$RAW"
}

# ------------------------------------------------------------------------------- the run

read -r -a ORDER <<<"$SERVERS"
COUNT=${#ORDER[@]}
START_TIME=$(date +%s)
log "servers: $SERVERS; $ROUNDS round(s) of ${DURATION}s runs after ${WARMUP}s warm-ups; $IDLE idle connections"
log "JVM flags: $SERVER_FLAGS ($JAVA)"
log "logs in $LOGS"

if [[ "$AOT" == 1 ]]; then
    log "training AOT caches (AOT=0 to skip)"
    for ((i = 0; i < COUNT; i++)); do
        train "${ORDER[$i]}" $((BASE_PORT + 10 * i + 5))
    done
fi

# Paired mode: every server up at once (idle servers cost nothing), then PAIRED repetitions in which each
# route is loaded on every server back to back, the order rotating. A step in the machine's speed, which
# lasts minutes, then falls on all servers of a repetition alike, and the per-repetition ratios cancel it.
if [[ "$PAIRED" =~ ^[1-9][0-9]*$ ]]; then
    PAIRS="$TARGET/results-paired.tsv"
    echo "rep	route	server	rps	cpu_us	err	sys_us" > "$PAIRS"
    declare -A PID_OF PORT_OF
    for ((i = 0; i < COUNT; i++)); do
        name="${ORDER[$i]}"
        port=$((BASE_PORT + 10 * i))
        start_server "$name" "$port" "$LOGS/paired.$name.out" || die "$name did not start"
        PID_OF[$name]="$SERVER_PID"; PORT_OF[$name]="$port"
        check_route "$port" /plaintext text/plain 'Hello, World!' || die "$name: wrong /plaintext"
        check_route "$port" /json application/json '{"message":"Hello, World!"}' || die "$name: wrong /json"
        for route in /plaintext /json; do
            wrk_run "paired.$name.warm-${route#/}" "$SERVER_PID" "$port" "$route" "$WARMUP" >/dev/null
        done
    done
    for ((rep = 1; rep <= PAIRED; rep++)); do
        for route in /plaintext /json; do
            line="  rep $rep $route:"
            for ((k = 0; k < COUNT; k++)); do
                name="${ORDER[$(( (k + rep - 1) % COUNT ))]}"
                if wrk_run "paired.r$rep.$name.${route#/}" "${PID_OF[$name]}" "${PORT_OF[$name]}" "$route" "$DURATION"; then
                    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$route" "$name" "$W_RPS" "$W_CPU" "$W_ERR" "$W_SYS" >> "$PAIRS"
                    line="$line $name ${W_CPU} us (kernel ${W_SYS}) ${W_RPS} req/s;"
                else
                    printf '%s\t%s\t%s\tNA\tNA\t%s\tNA\n' "$rep" "$route" "$name" "$W_ERR" >> "$PAIRS"
                fi
            done
            log "$line"
        done
    done
    for name in "${ORDER[@]}"; do stop_pid "${PID_OF[$name]}"; done
    # per repetition and route: Motor's figure over the best peer's; then the median over repetitions
    {
        echo "## Paired runs, $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "- command: \`PAIRED=$PAIRED SERVERS=\"$SERVERS\" DURATION=$DURATION WARMUP=$WARMUP motor.bench/run.sh\`"
        echo "- each repetition loads each route on every server for ${DURATION}s, back to back, order rotating"
        echo
        awk -F'\t' -v servers="$SERVERS" '
            NR == 1 || $4 == "NA" { next }
            { rps[$1, $2, $3] = $4; cpu[$1, $2, $3] = $5; sys[$1, $2, $3] = $7; reps[$1] = 1; errs += $6 }
            function median(a, n,   i, j, t) {
                for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
                return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
            END {
                n = split(servers, s, " ")
                print "| route | server | median CPU µs/req | of which kernel | median req/s | median CPU ratio motor / best peer | median req/s ratio motor / best peer | kernel floor: motor kernel / best peer CPU |"
                print "|---|---|---:|---:|---:|---:|---:|---:|"
                split("/plaintext /json", routes, " ")
                for (r = 1; r <= 2; r++) {
                    route = routes[r]
                    for (i = 1; i <= n; i++) {
                        k = 0; delete c; delete q; delete y
                        for (rep in reps) if ((rep, route, s[i]) in cpu) { k++; c[k] = cpu[rep, route, s[i]]; q[k] = rps[rep, route, s[i]]; y[k] = sys[rep, route, s[i]] }
                        mc = k ? median(c, k) : "NA"; mq = k ? median(q, k) : "NA"; my = k ? median(y, k) : "NA"
                        rc = ""; rq = ""; rf = ""
                        if (s[i] == "motor") {
                            k = 0; delete a; delete b; delete f
                            for (rep in reps) {
                                if (!((rep, route, "motor") in cpu)) continue
                                bestc = ""; bestq = ""
                                for (j = 1; j <= n; j++) {
                                    if (s[j] == "motor" || !((rep, route, s[j]) in cpu)) continue
                                    if (bestc == "" || cpu[rep, route, s[j]] < bestc) bestc = cpu[rep, route, s[j]]
                                    if (bestq == "" || rps[rep, route, s[j]] > bestq) bestq = rps[rep, route, s[j]]
                                }
                                if (bestc != "") { k++; a[k] = cpu[rep, route, "motor"] / bestc; b[k] = rps[rep, route, "motor"] / bestq; f[k] = sys[rep, route, "motor"] / bestc }
                            }
                            if (k) { rc = sprintf("**%.2fx**", median(a, k)); rq = sprintf("**%.2fx**", median(b, k)); rf = sprintf("%.2fx", median(f, k)) }
                        }
                        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", route, s[i], mc, my, mq, rc, rq, rf
                    }
                }
                printf "\nFailed or wrong responses (wrk socket errors and non-2xx): %d\n", errs
                print "\nThe kernel floor is the CPU ratio Motor would reach if its own (user-space) work cost nothing: its kernel time per request over the best peer'"'"'s whole CPU time per request, per repetition, median."
            }' "$PAIRS"
    } > "$TARGET/results-paired.md"
    echo
    cat "$TARGET/results-paired.md"
    log "written to $TARGET/results-paired.md (raw: $PAIRS)"
    exit 0
fi

for ((round = 1; round <= ROUNDS; round++)); do
    for ((k = 0; k < COUNT; k++)); do
        name="${ORDER[$(( (k + round - 1) % COUNT ))]}"
        for ((i = 0; i < COUNT; i++)); do [[ "${ORDER[$i]}" == "$name" ]] && index=$i; done
        measure_server "$round" "$name" "$index"
    done
done

# ------------------------------------------------------------------------------- report

ELAPSED=$(( $(date +%s) - START_TIME ))
HEADER="$LOGS/header.md"
{
    echo "## Load harness results, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`$( [[ "$QUICK" == 1 ]] && printf 'QUICK=1 ')SERVERS=\"$SERVERS\" ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP IDLE=$IDLE motor.bench/run.sh\` ($((ELAPSED / 60)) min $((ELAPSED % 60)) s)"
    echo "- machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), Linux $(uname -r); server on CPU $SERVER_CPU, wrk and tools on CPU $LOAD_CPU"
    echo "- JDK: $("$JAVA" -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
    echo "- JVM flags (every server): \`$SERVER_FLAGS\`$([[ "$AOT" == 1 ]] && echo " plus \`-XX:AOTCache=target/aot/NAME.aot\`, each server's own cache from one training run (2 s of wrk on each route) before the rounds")"
    echo "- wrk: \`-t1 -c$CONNECTIONS -d${DURATION}s --latency\`; pipelined: $PIPELINE requests per write; warm-up ${WARMUP}s per route; rounds: $ROUNDS, server order rotated each round"
    echo "- idle connections: $IDLE, each after one GET /plaintext"
    echo "- what each server said when ready (round 1):"
    for n in $SERVERS; do
        echo "  - \`$(grep -m1 -h READY "$LOGS"/r1."$n".out 2>/dev/null | sed 's/^READY //')\`"
    done
} > "$HEADER"
# shellcheck disable=SC2086
"$JAVA" $TOOL_FLAGS -cp "$BENCH_JAR" motor.bench.load.Report "$RAW" "$SERVERS" "$HEADER" > "$TARGET/results.md" \
    || die "report failed"
cp "$RAW" "$LOGS/"
cp "$TARGET/results.md" "$LOGS/"
echo
cat "$TARGET/results.md"
log "written to $TARGET/results.md (raw: $RAW, logs: $LOGS)"
