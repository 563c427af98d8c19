#!/usr/bin/env bash
# Issuance throughput: one vs three instances on PostgreSQL, and PostgreSQL vs SQLite, loopback only,
# bounded in time. Durable on both sides: SQLite synchronous=FULL (the service's setting), PostgreSQL
# with its defaults (fsync=on, synchronous_commit=on).
#
#   bench/cluster.sh                       # sqlite-1, postgres-1, postgres-3
#   SETUPS="postgres-3" DURATION=30 bench/cluster.sh
#
# Starts its own PostgreSQL 15 cluster (Debian's binaries; as the postgres user when run as root) in a
# temporary folder, the service from its Release build (`dotnet Ca.Api.dll`), and drives each instance
# with its own wrk process (CONNECTIONS split evenly); prints one "BENCH <setup>" line per setup with
# the summed rate and the worst instance's latencies. Needs wrk (apt-get install wrk).
#
# Knobs: DURATION (20 s), WARMUP (5 s), CONNECTIONS (48 in total), CSRS (2000), NO_BUILD=1, KEEP=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-48}
CSRS=${CSRS:-2000}
SETUPS=${SETUPS:-"sqlite-1 postgres-1 postgres-3"}
KEK="YmVuY2gtb25seS1rZXktZW5jcnlwdGlvbi1rZXkhISE="
ADMIN_KEY="bench-admin-key-0123456789abcdefghijklmnop"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
export BENCH_WRK_DIR="$root/bench/wrk" BENCH_MAX_REQUESTS_PER_THREAD=0

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build -c Release -v q -nologo Ca.Api/Ca.Api.csproj >/dev/null
  dotnet build -c Release -v q -nologo bench/BenchTool/BenchTool.csproj >/dev/null
fi
api_dll="$root/Ca.Api/bin/Release/net10.0/Ca.Api.dll"

work=$(mktemp -d /tmp/pki-cluster-bench.XXXXXX)
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_all
  [ -f "$work/pg/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" stop -D "$work/pg" -m fast >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

pg_port=$((20000 + RANDOM % 10000))
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown -R postgres "$work"
as_pg "$PG_BIN/initdb" -D "$work/pg" -U pki --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$PG_BIN/pg_ctl" start -D "$work/pg" -w -l "$work/pg.log" -o "-p $pg_port -h 127.0.0.1 -k $work -c max_connections=300 -c shared_buffers=512MB" >/dev/null
dotnet "$root/bench/BenchTool/bin/Release/net10.0/BenchTool.dll" csrs "$CSRS" "$work/csrs.jsonl" >/dev/null

start_instance() { # name port provider database
  local name=$1 port=$2 provider=$3 database=$4
  mkdir -p "$work/$name"
  Pki__DataDirectory="$work/$name" Pki__KeyEncryptionKey="$KEK" Pki__PublicBaseUrl="http://127.0.0.1:$port" \
  Pki__Bootstrap__AdminApiKey="$ADMIN_KEY" Pki__Database__Provider="$provider" \
  ConnectionStrings__Pki="$database" \
  Pki__RateLimits__AccountPerSecond=1000000 Pki__RateLimits__AccountBurst=1000000 \
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet "$api_dll" --urls "http://127.0.0.1:$port" >>"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$work/$name.log" >&2
  echo "$name did not become ready" >&2
  exit 1
}

free_port() { # a loopback port nothing listens on now (tests on the same machine take ports too)
  local port
  while :; do
    port=$((30000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

requester_key() { # port
  local id
  id=$(curl -fsS -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"bench","roles":["requester"]}' "http://127.0.0.1:$1/api/v1/accounts" | sed -E 's/.*"id" *: *"([^"]+)".*/\1/')
  curl -fsS -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$1/api/v1/accounts/$id/keys" | sed -E 's/.*"key" *: *"([^"]+)".*/\1/'
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for setup in $SETUPS; do
  provider=${setup%-*}; count=${setup#*-}
  if [ "$provider" = sqlite ]; then
    database=""; provider_name=Sqlite
  else
    db="bench_${count}_$RANDOM"
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U pki "$db"
    database="Host=127.0.0.1;Port=$pg_port;Username=pki;Database=$db;Maximum Pool Size=60"; provider_name=Postgres
  fi

  ports=()
  for n in $(seq 1 "$count"); do
    port=$(free_port); ports+=("$port")
    start_instance "$setup-$n" "$port" "$provider_name" "$database"
  done
  export PKI_API_KEY
  PKI_API_KEY=$(requester_key "${ports[0]}")
  per=$((CONNECTIONS / count))

  for phase in warmup measure; do
    seconds=$([ $phase = warmup ] && echo "$WARMUP" || echo "$DURATION")
    wrk_pids=()
    for port in "${ports[@]}"; do
      wrk -t 1 -c "$per" -d "${seconds}s" --timeout 10s --latency -s "$BENCH_WRK_DIR/issue.lua" \
        "http://127.0.0.1:$port/api/v1/certificate-requests" -- "$work/csrs.jsonl" >"$work/wrk-$setup-$port-$phase.txt" &
      wrk_pids+=($!)
    done
    for pid in "${wrk_pids[@]}"; do wait "$pid"; done
  done

  grep -h '^BENCH' "$work"/wrk-"$setup"-*-measure.txt | awk -v setup="$setup" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      req += v["requests"]; non += v["non2xx"]; rate += v["per_second"]
      if (v["p50_ms"] > p50) p50 = v["p50_ms"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"] }
    END { printf "BENCH %s requests=%d non2xx=%d per_second=%.0f worst_p50_ms=%.2f worst_p99_ms=%.2f load_avg_1m=%s\n", setup, req, non, rate, p50, p99, load }' | tee "$work/bench-$setup.txt"
  # A refused request is fast: a run with refusals measures the refusal, not issuance.
  if ! grep -q ' non2xx=0 ' "$work/bench-$setup.txt"; then
    echo "$setup: the service refused requests (see the first statuses above); these figures are not issuance" >&2
    refused=1
  fi
  for port in "${ports[@]}"; do
    curl -fsS "http://127.0.0.1:$port/metrics" | awk -v setup="$setup" -v port="$port" '
      /^ca_writer_batch_size_sum/ {bs=$2} /^ca_writer_batch_size_count/ {bc=$2}
      /^ca_writer_batch_duration_milliseconds_sum/ {ds=$2} /^ca_writer_batch_duration_milliseconds_count/ {dc=$2}
      END { if (bc > 0 && dc > 0) printf "WRITER %s port=%s batches=%d mean_batch_items=%.1f mean_batch_ms=%.2f\n", setup, port, bc, bs/bc, ds/dc }'
  done
  if [ "$provider" = postgres ]; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U pki -d "$db" -Atc \
      "select 'STORAGE $setup certificates=' || (select count(*) from \"Certificates\") || ' audit_records=' || (select count(*) from \"AuditRecords\") || ' database_bytes=' || pg_database_size(current_database()) || ' certificates_table_bytes=' || pg_total_relation_size('\"Certificates\"') || ' audit_table_bytes=' || pg_total_relation_size('\"AuditRecords\"') || ' requests_table_bytes=' || pg_total_relation_size('\"CertificateRequests\"')"
  else
    echo "STORAGE $setup certificates=$(sqlite3 -readonly "$work/$setup-1/pki.db" 'select count(*) from Certificates') database_bytes=$(( $(stat -c %s "$work/$setup-1/pki.db") + $(stat -c %s "$work/$setup-1/pki.db-wal" 2>/dev/null || echo 0) ))"
  fi
  stop_all
done
[ -z "${refused:-}" ] || exit 1
