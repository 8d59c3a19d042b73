# Sourced by the benchmarks: `bench_database NAME` gives them a PostgreSQL database of their own.
# Without OPENSMS_BENCH_POSTGRES it starts a throwaway cluster of Debian's PostgreSQL (fsync on: the
# reports must be durable) in a temporary folder; either way it creates database NAME, exports the
# PG* variables for psql, sets $db, and appends to $pg_cleanup what undoes all of it.
bench_database() {
  if [ -z "${OPENSMS_BENCH_POSTGRES:-}" ]; then
    local pgbin pgdir pgport
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$pgbin" ] || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >/dev/null; pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); }
    pgdir=$(mktemp -d /tmp/opensms-bench-pg.XXXXXX)
    as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    [ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
    pgport=5433
    while (exec 3<>"/dev/tcp/127.0.0.1/$pgport") 2>/dev/null; do pgport=$((pgport + 1)); done
    as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c max_connections=300" start >/dev/null
    pg_cleanup="as_pg '$pgbin/pg_ctl' -D '$pgdir/data' -m immediate stop >/dev/null 2>&1; rm -rf '$pgdir'"
    OPENSMS_BENCH_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres"
  fi
  kv() { echo "$OPENSMS_BENCH_POSTGRES" | tr ';' '\n' | awk -F= -v k="$1" 'tolower($1)==tolower(k) {print $2}'; }
  PGHOST=$(kv Host) PGPORT=$(kv Port) PGUSER=$(kv Username) PGPASSWORD=$(kv Password)
  export PGHOST PGPORT PGUSER PGPASSWORD
  db=$1
  psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null
  pg_cleanup="psql -q -d postgres -c 'DROP DATABASE IF EXISTS $db' >/dev/null 2>&1; ${pg_cleanup:-}"
}

# The PostgreSQL server's CPU time so far (user + system, clock ticks), when it runs on this machine
# and its postmaster can be found (by the port it listens on); empty otherwise. Backends that have
# exited count through the postmaster's reaped children.
pg_cpu_ticks() {
  local pm
  pm=$(ss -ltnpH "sport = :${PGPORT:-5432}" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2)
  [ -n "$pm" ] && [ -r "/proc/$pm/stat" ] || return 0
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for child in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null; done
  } | awk '{s += $1} END {print s}'
}
