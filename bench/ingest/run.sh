#!/usr/bin/env bash
# Ingest benchmark: builds the server in Release, starts it on SQLite in a temporary folder,
# registers N tasks, drives progress reports with a real token from 64, 256 and 1024 connections
# for a fixed time (wrk), then the same against the bare baseline endpoint in the same host.
# Prints reports/s, p50/p99 and the ratio to the baseline, and checks that the samples stored
# equal the 200s returned. Usage: bench/ingest/run.sh [seconds per run, default 15] [tasks, default 200]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-15}
ntasks=${2:-200}
command -v wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }

out=$(mktemp -d /tmp/opensms-bench.XXXXXX)
dotnet publish src/OpenSms.Server -c Release -o "$out/bin" >/dev/null
port=18090
url="http://127.0.0.1:$port"
OPENSMS_ADMIN_PASSWORD=Bench-pass-1 dotnet "$out/bin/OpenSms.Server.dll" --urls "$url" \
  --OpenSms:DataDirectory="$out/data" --OpenSms:BenchBaseline=true --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 1 60); do curl -sf "$url/healthz" >/dev/null && break; sleep 1; done

token=$(curl -s -D - -o /dev/null -X POST "$url/v3/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"Bench-pass-1","domain":{"name":"opensms"}}}}}}' \
  | awk 'tolower($1)=="x-subject-token:" {print $2}' | tr -d '\r')
tasks=""
for i in $(seq 1 "$ntasks"); do
  source=$(curl -s -X POST "$url/v3/sources" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    -d '{"name":"bench-'"$i"'","ip":"10.9.0.1","os_type":"LINUX","os_version":"x","agent_version":"1","networks":[{"mac":"m"}]}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
  task=$(curl -s -X POST "$url/v3/tasks" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    -d '{"name":"bench-'"$i"'","type":"MIGRATE_FILE","source_server":{"id":"'"$source"'"},"target_server":{},"region_name":"","region_id":"","project_name":"","project_id":""}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
  tasks="$tasks$task,"
done

run() { # connections path-prefix token
  TASKS="$tasks" PATH_PREFIX="$2" TOKEN="$3" wrk -t2 -c"$1" -d"${secs}s" --timeout 10s -s bench/ingest/report.lua "$url" | grep RESULT
}
field() { echo "$1" | grep -oE "$2=[0-9.]+" | cut -d= -f2; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg); ${secs}s per run, $ntasks tasks, SQLite"
printf '%-6s %12s %10s %10s %12s %8s\n' conns reports/s p50_ms p99_ms bare_rps ratio
acked=0
for c in 64 256 1024; do
  real=$(run "$c" /v3/tasks/ "$token")
  bare=$(run "$c" /bench/bare/ "")
  acked=$((acked + $(field "$real" ok)))
  printf '%-6s %12s %10s %10s %12s %8.2f\n' "$c" "$(field "$real" rps)" "$(field "$real" p50_ms)" "$(field "$real" p99_ms)" \
    "$(field "$bare" rps)" "$(echo "$(field "$real" rps) / $(field "$bare" rps)" | bc -l)"
done
stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from samples').fetchone()[0])" "$out/data/opensms.db")
# wrk stops with requests still in flight: those are stored but their 200 is never counted, so
# stored may exceed acknowledged. The reverse would be a lost report.
echo "acknowledged (200s counted): $acked, samples stored: $stored"
[ "$acked" -le "$stored" ] || { echo "LOST: more 200s than stored samples" >&2; exit 1; }
