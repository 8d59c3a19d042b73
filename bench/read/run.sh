#!/usr/bin/env bash
# Read benchmark: builds the server in Release and, for each provider (SQLite, then PostgreSQL),
# seeds 100,000 tasks and 10 million samples straight through SQL (bench/read/seed.py), starts the
# server on them and measures ListTasks (limit 100; no filter, state, name), ShowTask and the
# samples endpoint with wrk, sampling the server's resident memory all the while.
#
# Usage: bench/read/run.sh [seconds per run, default 10] [tasks, default 100000] [samples per task, default 100]
#        [connections, default 4] [providers, default "sqlite postgres"]
# Each read is run unmeasured for OPENSMS_BENCH_WARMUP seconds (default 10) before it is measured,
# first as fast as the connections go (the machine saturated: throughput), then paced to a fixed
# rate (latency at a given load): OPENSMS_BENCH_LIST_RATE pages/s for the three ListTasks reads
# (default 100) and OPENSMS_BENCH_TASK_RATE requests/s for ShowTask and samples (default 1000).
# PostgreSQL as in bench/ingest/run.sh: OPENSMS_BENCH_POSTGRES, or a throwaway cluster.
# cpu_ms is the server's CPU time per request during the run, pg_ms PostgreSQL's (when it runs on
# this machine; "-" for SQLite or a server elsewhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/postgres.sh
secs=${1:-10}
ntasks=${2:-100000}
per_task=${3:-100}
conns=${4:-4}
providers=${5:-sqlite postgres}
warmup=${OPENSMS_BENCH_WARMUP:-10}
list_rate=${OPENSMS_BENCH_LIST_RATE:-100}
task_rate=${OPENSMS_BENCH_TASK_RATE:-1000}
command -v wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }

out=$(mktemp -d /tmp/opensms-bench-read.XXXXXX)
server=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  [ -n "${pg_cleanup:-}" ] && eval "$pg_cleanup"
  rm -rf "$out"
}
trap cleanup EXIT
dotnet publish src/OpenSms.Server -c Release -o "$out/bin" >/dev/null
port=18091
url="http://127.0.0.1:$port"
args=()
with_pg=""

# One token drives every read at thousands per second, past the per-caller limit meant for people
# and scripts (OpenSms:RateLimits:Default); the benchmark measures the read path, so it is off.
# Every seeded task reported last at the seed's instant, so five minutes later (NoReportAfter) all
# 50,000 RUNNING tasks would turn NO_REPORT together, and the health job's round that publishes them
# fell in the measured runs (PostgreSQL ShowTask p99 7.6 ms in such a run, 4-5 ms in the minutes
# after it). A fleet does not fall silent at one instant; the reads are measured without that.
start_server() {
  OPENSMS_ADMIN_PASSWORD=Bench-pass-1 dotnet "$out/bin/OpenSms.Server.dll" --urls "$url" \
    --OpenSms:DataDirectory="$out/data" --OpenSms:BenchBaseline=true --OpenSms:RateLimits:Enabled=false \
    --OpenSms:Insight:NoReportAfter=1.00:00:00 \
    --Logging:LogLevel:Default=Warning "${args[@]}" >"$out/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -sf "$url/healthz" >/dev/null && return; sleep 1; done
  echo "the server did not start:" >&2; cat "$out/server.log" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
login() {
  curl -s -D - -o /dev/null -X POST "$url/v3/auth/tokens" -H 'Content-Type: application/json' \
    -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"Bench-pass-1","domain":{"name":"opensms"}}}}}}' \
    | awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r'
}
# The sum of a /metrics series' samples whose line matches the extended regex $1.
scrape() { curl -s "$url/metrics" | grep -E "^$1" | awk '{s += $NF} END {printf "%g", s + 0}'; }
full_rounds() { scrape 'opensms_health_round_duration_seconds_count\{[^}]*kind="full"'; }
incremental_rounds() { scrape 'opensms_health_round_duration_seconds_count\{[^}]*kind="incremental"'; }
field() { echo "$1" | grep -oE "(^| )$2=[0-9.]+" | cut -d= -f2; }
# CPU milliseconds per request of the server, and of PostgreSQL when it runs here ("-" otherwise),
# over one run: on a shared machine they move far less than the rates and latencies do.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
read_run() { # wrk's environment and arguments; prints wrk's RESULT line with cpu_ms and pg_ms
  local c0 g0 line n
  c0=$(cpu_ticks); g0=""
  if [ -n "$with_pg" ]; then g0=$(pg_cpu_ticks); fi
  line=$(env "$@" | grep RESULT)
  n=$(field "$line" requests)
  echo "$line cpu_ms=$(per_request "$c0" "$(cpu_ticks)" "$n") pg_ms=$([ -n "$g0" ] && per_request "$g0" "$(pg_cpu_ticks)" "$n" || echo -)"
}
per_request() { echo "scale=3; ($2 - $1) * 1000 / $(getconf CLK_TCK) / ${3:-1}" | bc | sed 's/^\./0./'; }

# The one task every seeded task is cloned from, registered through the API.
template_task() {
  local token source
  token=$(login)
  source=$(curl -s -X POST "$url/v3/sources" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    -d '{"name":"template","ip":"10.9.0.1","os_type":"LINUX","os_version":"x","agent_version":"1","networks":[{"mac":"m"}]}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
  curl -s -X POST "$url/v3/tasks" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    -d '{"name":"template","type":"MIGRATE_FILE","source_server":{"id":"'"$source"'"},"target_server":{},"region_name":"","region_id":"","project_name":"","project_id":""}' | sed -E 's/.*"id":"([^"]+)".*/\1/'
}

measure() { # provider label
  local token now bare line
  start_server
  # The server's resident memory every half second while it serves: the target is a ceiling throughout.
  (while kill -0 "$server" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null; sleep 0.5; done >"$out/rss") &
  sampler=$!
  token=$(login)
  now=$(($(date +%s) * 1000))
  echo "== $1: $(nproc) cores, ${secs}s per run, $conns connections, $ntasks tasks, $((ntasks * per_task)) samples"
  # On a new database the health-event job's first round assesses every active task (docs/events.md),
  # in the background and resting between pages; the reads are measured in the steady state after it.
  # The seed's database is new: the server that registered the template stopped before any round.
  local waited=0
  until [ "$(full_rounds)" -ge 1 ] || [ $waited -ge 900 ]; do sleep 2; waited=$((waited + 2)); done
  echo "start-up: the first (full) health round ended $waited s after the login, took $(scrape 'opensms_health_round_duration_seconds_sum\{[^}]*kind="full"') s"
  # The next round reads again every task that reported within a minute of the first round's start
  # (docs/events.md): when the seed ended less than that before it, that is every seeded task, and
  # such a round fell in the measured ListTasks of one run (p99 23 and 28 ms against 13-16 in the next).
  until [ "$(incremental_rounds)" -ge 1 ] || [ $waited -ge 900 ]; do sleep 2; waited=$((waited + 2)); done
  echo "start-up: the next health round ended $waited s after the login, took $(scrape 'opensms_health_round_duration_seconds_sum\{[^}]*kind="incremental"') s"
  printf '%-11s %8s %8s %8s %8s %7s %7s   %s\n' read req/s p50_ms p99_ms non200 cpu_ms pg_ms "load (1/5/15 min)"
  local paced=()
  for mode in list list_state list_name show samples; do
    local load rate
    # Warm-up, not measured: the first requests of a kind pay for JIT tiering and fill the
    # instance's hold of recent reports (docs/insight.md); the measured run is the steady state.
    # Tiering takes longer than it seems on 2 busy cores: after a start, ShowTask's first 5 s spent
    # 2 s compiling, its next 5 s 0.16 s, and its CPU per request settled only after 10-15 s.
    MODE=$mode TASKS=$ntasks TOKEN=$token NOW=$now SAMPLES=$per_task \
      wrk -t2 -c"$conns" -d"${warmup}s" --timeout 10s -s bench/read/read.lua "$url" >/dev/null
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    line=$(read_run MODE=$mode TASKS=$ntasks TOKEN=$token NOW=$now SAMPLES=$per_task \
      wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s bench/read/read.lua "$url")
    printf '%-11s %8s %8s %8s %8s %7s %7s   %s\n' "$mode" "$(field "$line" rps)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" non200)" \
      "$(field "$line" cpu_ms)" "$(field "$line" pg_ms)" "$load"
    # The same read paced: each connection pauses between requests so that together they ask for
    # the rate; the rate reached is a little lower, by the time the answers take.
    case "$mode" in list*) rate=$list_rate ;; *) rate=$task_rate ;; esac
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    line=$(read_run PAUSE_MS=$((conns * 1000 / rate)) MODE=$mode TASKS=$ntasks TOKEN=$token NOW=$now SAMPLES=$per_task \
      wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s bench/read/read.lua "$url")
    paced+=("$(printf '%-11s %8s %8s %8s %8s %8s %7s %7s   %s' "$mode" "$rate" "$(field "$line" rps)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" non200)" \
      "$(field "$line" cpu_ms)" "$(field "$line" pg_ms)" "$load")")
  done
  echo "paced, $conns connections:"
  printf '%-11s %8s %8s %8s %8s %8s %7s %7s   %s\n' read asked req/s p50_ms p99_ms non200 cpu_ms pg_ms "load (1/5/15 min)"
  printf '%s\n' "${paced[@]}"
  bare=$(TASKS=x PATH_PREFIX=/bench/bare/ wrk -t2 -c"$conns" -d"${secs}s" -s bench/ingest/report.lua "$url" | grep RESULT)
  echo "bare endpoint at $conns connections: $(field "$bare" rps) req/s, p99 $(field "$bare" p99_ms) ms"
  echo "server RSS: max sampled $(sort -n "$out/rss" | tail -1) kB, peak (VmHWM) $(awk '/VmHWM/ {print $2}' "/proc/$server/status") kB"
  kill "$sampler" 2>/dev/null; sampler=""
  stop_server
}

for provider in $providers; do
  case "$provider" in
  sqlite)
    rm -rf "$out/data"
    args=()
    with_pg=
    start_server
    template=$(template_task)
    stop_server
    python3 bench/read/seed.py sqlite "$out/data/opensms.db" "$template" "$ntasks" "$per_task"
    measure SQLite
    ;;
  postgres)
    bench_database opensms_bench_read_$$
    with_pg=1
    args=(--Storage:Provider=postgres --Storage:ConnectionString="$OPENSMS_BENCH_POSTGRES;Database=$db")
    start_server
    template=$(template_task)
    stop_server
    python3 bench/read/seed.py postgres "$db" "$template" "$ntasks" "$per_task"
    measure "PostgreSQL $(psql -At -d "$db" -c 'SHOW server_version')"
    ;;
  *) echo "unknown provider $provider (sqlite or postgres)" >&2; exit 2 ;;
  esac
done
