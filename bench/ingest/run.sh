#!/usr/bin/env bash
# Ingest benchmark: builds the server in Release and, for each provider (SQLite, then PostgreSQL),
# starts it, registers N tasks, drives progress reports with a real token from 64, 256 and 1024
# concurrent connections for a fixed time (wrk), with the bare baseline endpoint in the same host
# run right before and right after. Prints reports/s (200s only), p50/p99 and the ratio to the
# baseline (the mean of its two runs), and checks that the samples stored equal the 200s returned,
# give or take the reports still in flight when each run stopped (stored, but their 200 never counted).
#
# cpu_us is the server's CPU time (user + system) per request during the run, from /proc; idle% the
# share of the machine's CPU time left idle or waiting for I/O during the reports' run; pg_us
# PostgreSQL's CPU time per report, when it runs on this machine ("-" for SQLite or a server elsewhere).
# Usage: bench/ingest/run.sh [seconds per run, default 15] [tasks, default 200] [providers, default "sqlite postgres"]
# Before the runs, OPENSMS_BENCH_WARMUP seconds (default 3; 0 for none) of reports at 256 connections
# and of the bare endpoint warm the server up, unmeasured.
# PostgreSQL: OPENSMS_BENCH_POSTGRES="Host=...;Port=...;Username=...[;Password=...]" names a server
# (the benchmark creates and drops its own database there); without it a throwaway cluster of
# Debian's PostgreSQL is started in a temporary folder, with fsync on: the reports must be durable.
# OPENSMS_BENCH_BIN=folder runs a server published there (`dotnet publish src/OpenSms.Server -c Release -o folder`)
# instead of publishing this tree: run it with an older build's folder, alternating, to compare the two.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib/postgres.sh
secs=${1:-15}
ntasks=${2:-200}
providers=${3:-sqlite postgres}
warmup=${OPENSMS_BENCH_WARMUP:-3}
command -v wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }

out=$(mktemp -d /tmp/opensms-bench.XXXXXX)
server=""
with_pg=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  [ -n "${pg_cleanup:-}" ] && eval "$pg_cleanup"
  rm -rf "$out"
}
trap cleanup EXIT
bin=${OPENSMS_BENCH_BIN:-$out/bin}
[ -n "${OPENSMS_BENCH_BIN:-}" ] || dotnet publish src/OpenSms.Server -c Release -o "$bin" >/dev/null
port=18090
url="http://127.0.0.1:$port"

start_server() { # extra configuration arguments
  OPENSMS_ADMIN_PASSWORD=Bench-pass-1 dotnet "$bin/OpenSms.Server.dll" --urls "$url" \
    --OpenSms:DataDirectory="$out/data" --OpenSms:BenchBaseline=true --Logging:LogLevel:Default=Warning "$@" >"$out/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -sf "$url/healthz" >/dev/null && return; sleep 1; done
  echo "the server did not start:" >&2; cat "$out/server.log" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

register_tasks() { # prints the token on line 1, the comma-separated task ids on line 2
  local token tasks="" source task
  token=$(curl -s -D - -o /dev/null -X POST "$url/v3/auth/tokens" -H 'Content-Type: application/json' \
    -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"Bench-pass-1","domain":{"name":"opensms"}}}}}}' \
    | awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r')
  for i in $(seq 1 "$ntasks"); do
    source=$(curl -s -X POST "$url/v3/sources" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
      -d '{"name":"bench-'"$i"'","ip":"10.9.0.1","os_type":"LINUX","os_version":"x","agent_version":"1","networks":[{"mac":"m"}]}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
    task=$(curl -s -X POST "$url/v3/tasks" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
      -d '{"name":"bench-'"$i"'","type":"MIGRATE_FILE","source_server":{"id":"'"$source"'"},"target_server":{},"region_name":"","region_id":"","project_name":"","project_id":""}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
    tasks="$tasks$task,"
  done
  printf '%s\n%s\n' "$token" "$tasks"
}

# The server's CPU time (user + system, clock ticks) so far: the rates move with the neighbours'
# load, the CPU each request cost moves far less.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# The whole machine's ticks and its idle ones (idle + I/O wait): with cores left idle the rate is
# bound by waiting (the writer, the flush), not by the CPU.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8, $5 + $6}' /proc/stat; }
run() { # connections path-prefix token tasks [seconds]; prints wrk's RESULT line with the server's cpu_us per request and the machine's idle_pct
  local before pg_before result total0 idle0 total1 idle1 n
  before=$(cpu_ticks)
  pg_before=""
  if [ -n "$with_pg" ]; then pg_before=$(pg_cpu_ticks); fi
  read -r total0 idle0 < <(machine_ticks)
  result=$(TASKS="$4" PATH_PREFIX="$2" TOKEN="$3" wrk -t2 -c"$1" -d"${5:-$secs}s" --timeout 10s -s bench/ingest/report.lua "$url" | grep RESULT)
  read -r total1 idle1 < <(machine_ticks)
  n=$(echo "$result" | grep -oE ' requests=[0-9]+' | cut -d= -f2)
  echo "$result cpu_us=$(echo "($(cpu_ticks) - $before) * 1000000 / $(getconf CLK_TCK) / $n" | bc)" \
    "idle_pct=$(( (idle1 - idle0) * 100 / (total1 - total0) ))" \
    "pg_us=$([ -n "$pg_before" ] && echo "($(pg_cpu_ticks) - $pg_before) * 1000000 / $(getconf CLK_TCK) / $n" | bc || echo -)"
}
field() { echo "$1" | grep -oE "(^| )$2=[0-9.]+" | cut -d= -f2; }

# Runs the connection matrix against the running server; sets $acked to the 200s counted.
matrix() { # provider
  local creds token tasks real before after bare_rps bare_cpu
  creds=$(register_tasks)
  token=$(echo "$creds" | sed -n 1p)
  tasks=$(echo "$creds" | sed -n 2p)
  echo "== $1: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, ${secs}s per run, $ntasks tasks"
  printf '%-6s %10s %8s %8s %8s %6s %6s %10s %8s %7s %6s   %s\n' conns reports/s p50_ms p99_ms cpu_us pg_us idle% bare_rps bare_cpu bare_d% ratio "load (1/5/15 min)"
  acked=0
  # Warm-up at 256 connections, not shown (as in bench/read): the first requests pay for JIT
  # tiering, which a server that has been up for a while has long done. Its reports are stored,
  # so its 200s are counted with the others.
  if [ "$warmup" -gt 0 ]; then
    real=$(run 256 /v3/tasks/ "$token" "$tasks" "$warmup")
    run 256 /bench/bare/ "" "$tasks" "$warmup" >/dev/null
    acked=$(field "$real" ok)
  fi
  for c in 64 256 1024; do
    local load
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    # The bare endpoint right before and right after the reports, and the ratio against their mean:
    # the neighbours' load moves the bare rate by a fifth from one minute to the next, and one run
    # after the reports alone made the ratio follow it. bare_d% is how far the two runs differ.
    before=$(run "$c" /bench/bare/ "" "$tasks")
    real=$(run "$c" /v3/tasks/ "$token" "$tasks")
    after=$(run "$c" /bench/bare/ "" "$tasks")
    acked=$((acked + $(field "$real" ok)))
    bare_rps=$(( ($(field "$before" rps) + $(field "$after" rps)) / 2 ))
    bare_cpu=$(( ($(field "$before" cpu_us) + $(field "$after" cpu_us)) / 2 ))
    printf '%-6s %10s %8s %8s %8s %6s %6s %10s %8s %7s %6.2f   %s\n' "$c" "$(field "$real" ok_rps)" "$(field "$real" p50_ms)" "$(field "$real" p99_ms)" \
      "$(field "$real" cpu_us)" "$(echo "$real" | grep -oE 'pg_us=[0-9-]+' | cut -d= -f2)" "$(field "$real" idle_pct)" "$bare_rps" "$bare_cpu" \
      "$(( ($(field "$before" rps) - $(field "$after" rps)) * 100 / bare_rps ))" "$(echo "$(field "$real" ok_rps) / $bare_rps" | bc -l)" "$load"
  done
  echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")"
}

# wrk stops with requests still in flight: those are stored but their 200 is never counted, so
# stored may exceed acknowledged by at most one report per connection of each run (the warm-up's
# 256, then 64 + 256 + 1024). Fewer stored than acknowledged would be a lost report.
in_flight=$((64 + 256 + 1024 + (warmup > 0 ? 256 : 0)))
check() { # stored
  echo "acknowledged (200s counted): $acked, samples stored: $1"
  [ "$acked" -le "$1" ] || { echo "LOST: more 200s than stored samples" >&2; exit 1; }
  [ "$1" -le $((acked + in_flight)) ] || { echo "MISCOUNTED: more stored than 200s plus the reports in flight" >&2; exit 1; }
}

for provider in $providers; do
  case "$provider" in
  sqlite)
    rm -rf "$out/data"
    with_pg=""
    start_server
    matrix SQLite
    stop_server
    check "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from samples').fetchone()[0])" "$out/data/opensms.db")"
    ;;
  postgres)
    bench_database opensms_bench_$$
    with_pg=1
    start_server --Storage:Provider=postgres --Storage:ConnectionString="$OPENSMS_BENCH_POSTGRES;Database=$db"
    matrix "PostgreSQL $(psql -At -d "$db" -c 'SHOW server_version')"
    stop_server
    check "$(psql -At -d "$db" -c 'SELECT count(*) FROM samples')"
    ;;
  *) echo "unknown provider $provider (sqlite or postgres)" >&2; exit 2 ;;
  esac
done
