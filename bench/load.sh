#!/usr/bin/env bash
# End-to-end load against a real PkiService on SQLite, loopback only, bounded in time and count.
#
#   bench/load.sh                 # issuance, then lookups at 10k and 1M rows (and OCSP when present)
#   bench/load.sh issue           # only issuance
#   bench/load.sh lookup          # only lookups (10k then 1M rows)
#   SCENARIOS="issue" DURATION=30 CONNECTIONS=64 bench/load.sh
#
# Starts the service from its Release build (`dotnet Ca.Api.dll`, the same program `dotnet run -c
# Release --project Ca.Api` runs, without launchSettings' Development profile) on 127.0.0.1:$PORT with
# a temporary Pki__DataDirectory and a fixed Pki__KeyEncryptionKey, drives it with wrk
# (apt-get install wrk), prints one "BENCH ..." line per measurement and stops the service.
#
# Knobs (environment): PORT (5599), DURATION seconds per measurement (20), WARMUP seconds (5),
# CONNECTIONS (64), THREADS wrk threads (1: wrk shares the 2 cores with the service),
# MAX_REQUESTS cap per wrk thread (500000), CSRS distinct pre-made CSRs (2000),
# LOOKUP_SIZES ("10000 1000000"), KEEP=1 keeps the data directory, NO_BUILD=1 skips the builds,
# COUNTERS=1 records dotnet-counters (if installed as a local tool) during each measurement,
# PKI_API_KEY to send "Authorization: Bearer <key>" (otherwise one is created when the service has
# API-key authentication: admin key via Pki__Bootstrap__AdminApiKey, then a requester account).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PORT=${PORT:-5599}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
MAX_REQUESTS=${MAX_REQUESTS:-500000}
CSRS=${CSRS:-2000}
LOOKUP_SIZES=${LOOKUP_SIZES:-"10000 1000000"}
SCENARIOS=${SCENARIOS:-${1:-"issue lookup ocsp"}}
KEK=${KEK:-"YmVuY2gtb25seS1rZXktZW5jcnlwdGlvbi1rZXkhISE="}   # 32 bytes, benchmark only
ADMIN_KEY=${ADMIN_KEY:-"bench-admin-key-0123456789abcdefghijklmnop"}
base="http://127.0.0.1:$PORT"
export BENCH_WRK_DIR="$root/bench/wrk"
export BENCH_MAX_REQUESTS_PER_THREAD=$MAX_REQUESTS

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not found: apt-get install -y sqlite3" >&2; exit 1; }

if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build -c Release -v q -nologo Ca.Api/Ca.Api.csproj >/dev/null
  dotnet build -c Release -v q -nologo bench/BenchTool/BenchTool.csproj >/dev/null
fi
api_dll="$root/Ca.Api/bin/Release/net10.0/Ca.Api.dll"
tool() { dotnet "$root/bench/BenchTool/bin/Release/net10.0/BenchTool.dll" "$@"; }

work=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/pki-bench.XXXXXX")
data=${DATA_DIR:-"$work/data"}   # DATA_DIR reuses an earlier run's data (e.g. a seeded 1M-row database)
server_pid=""
results="$work/results.txt"

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

start_server() {
  Pki__DataDirectory="$data" \
  Pki__KeyEncryptionKey="$KEK" \
  Pki__PublicBaseUrl="$base" \
  Pki__Bootstrap__AdminApiKey="$ADMIN_KEY" \
  Pki__RateLimits__AccountPerSecond=1000000 Pki__RateLimits__AccountBurst=1000000 \
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
    dotnet "$api_dll" --urls "$base" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "$base/health" >/dev/null 2>&1; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "service exited" >&2; exit 1; }
    sleep 0.5
  done
  echo "service did not become healthy" >&2
  exit 1
}

# API keys: use PKI_API_KEY if given; otherwise, if the service has accounts, make a requester key.
resolve_api_key() {
  if [ -n "${PKI_API_KEY:-}" ]; then export PKI_API_KEY; return; fi
  local code account id key
  code=$(curl -s -o "$work/account.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'Content-Type: application/json' -d '{"name":"bench-load","roles":["requester"]}' "$base/api/v1/accounts" || true)
  if [[ "$code" != 2* ]]; then
    echo "no API-key authentication on this build (POST /api/v1/accounts -> $code); sending no Authorization header"
    export PKI_API_KEY=""
    return
  fi
  id=$(sed -E 's/.*"id" *: *"?([^",}]+)"?.*/\1/' "$work/account.json")
  key=$(curl -fsS -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' -d '{}' \
    "$base/api/v1/accounts/$id/keys" | sed -E 's/.*"key" *: *"([^"]+)".*/\1/')
  export PKI_API_KEY="$key"
  export LOOKUP_KEY="$ADMIN_KEY"
  echo "created requester account $id and an API key for the load"
}

# On a shared machine the service has been seen to vanish between runs (killed from outside); say so
# and start it again on the same data before measuring.
ensure_server() {
  if [ -z "$server_pid" ] || ! kill -0 "$server_pid" 2>/dev/null; then
    echo "service (pid ${server_pid:-none}) is gone; restarting it on the same data directory" >&2
    start_server
  fi
}

# run_wrk LABEL SCRIPT PATH [script args...]: warm-up, then the measured run (optionally with counters).
run_wrk() {
  local label=$1 script=$2 path=$3; shift 3
  ensure_server
  if [ "$WARMUP" -gt 0 ]; then
    BENCH_MAX_REQUESTS_PER_THREAD=0 wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" --timeout 10s \
      -s "$BENCH_WRK_DIR/$script" "$base$path" -- "$@" >/dev/null
  fi
  local counters_pid=""
  if [ "${COUNTERS:-0}" = 1 ] && dotnet tool run dotnet-counters --version >/dev/null 2>&1; then
    dotnet tool run dotnet-counters collect -p "$server_pid" --refresh-interval 1 --format csv \
      --counters System.Runtime,Microsoft.AspNetCore.Hosting,Ca.Storage.Writer -o "$work/counters-$label.csv" >/dev/null 2>&1 &
    counters_pid=$!
  fi
  # CPU accounting (clock ticks): the service, and the whole machine, so a run disturbed by other
  # processes on a shared machine shows it (other_cpu_cores = machine busy - service - wrk).
  local top_before all_before
  top_before=$(awk '{print $14+$15}' "/proc/$server_pid/stat")
  all_before=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
    -s "$BENCH_WRK_DIR/$script" "$base$path" -- "$@" | tee "$work/wrk-$label.txt" >/dev/null
  local top_after all_after ticks
  top_after=$(awk '{print $14+$15}' "/proc/$server_pid/stat")
  all_after=$(awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat)
  ticks=$(getconf CLK_TCK)
  if [ -n "$counters_pid" ]; then kill "$counters_pid" 2>/dev/null || true; wait "$counters_pid" 2>/dev/null || true; fi
  local line
  line=$(grep '^BENCH' "$work/wrk-$label.txt" | sed "s/^BENCH [a-z]*/BENCH $label/")
  local requests
  requests=$(echo "$line" | sed -E 's/.* requests=([0-9]+).*/\1/')
  line="$line $(awk -v a="$top_before" -v b="$top_after" -v x="$all_before" -v y="$all_after" -v t="$ticks" -v d="$DURATION" -v n="$requests" \
    'BEGIN{s=(b-a)/t; m=(y-x)/t; printf "server_cpu_cores=%.2f server_cpu_ms_per_request=%.3f machine_busy_cores=%.2f", s/d, (n>0? s*1000/n : 0), m/d}')"
  line="$line load_avg_1m=$(cut -d' ' -f1 /proc/loadavg)"
  echo "$line" | tee -a "$results"
}

rows() { sqlite3 -readonly "$data/pki.db" "select count(*) from Certificates" 2>/dev/null || echo "?"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "work directory: $work"
start_server
resolve_api_key

for scenario in $SCENARIOS; do
  case $scenario in
    issue)
      tool csrs "$CSRS" "$work/csrs.jsonl" >/dev/null
      echo "issuance: $CSRS pre-made P-256 CSRs, profile tls-server (auto-approved), $CONNECTIONS connections, ${DURATION}s"
      run_wrk issue issue.lua /api/v1/certificate-requests "$work/csrs.jsonl"
      echo "  certificates in the database now: $(rows)"
      ;;
    lookup)
      have=$(rows)
      for size in $LOOKUP_SIZES; do
        if [ "$have" != "?" ] && [ "$have" -lt "$size" ]; then
          tool seed "$data/pki.db" "$KEK" $((size - have)) 100 | tail -1
          have=$(rows)
        fi
        tool serials "$data/pki.db" 20000 "$work/serials-$size.txt" >/dev/null
        echo "lookup: GET /api/v1/certificates/{serial} with $have rows"
        # Seeded rows belong to no requester; an admin (or officer) key sees every certificate.
        PKI_API_KEY=${LOOKUP_KEY:-$PKI_API_KEY} run_wrk "lookup-$size" lookup.lua /api/v1/certificates "$work/serials-$size.txt"
        if [ -f "$BENCH_WRK_DIR/ocsp.lua" ] && [[ " $SCENARIOS " == *" ocsp "* ]]; then
          curl -fsS "$base/ca/issuing-ca.crt" -o "$work/issuing-ca.der"
          tool ocsp-requests "$work/issuing-ca.der" "$work/serials-$size.txt" "$work/ocsp-$size.txt"
          echo "  revoked in sample: $(grep -c ' Revoked$' "$work/ocsp-$size.txt") of $(wc -l < "$work/ocsp-$size.txt")"
          for method in GET POST; do
            echo "ocsp ($method, pre-signed responses after warm-up) with $have rows"
            OCSP_METHOD=$method run_wrk "ocsp-$method-$size" ocsp.lua /ocsp "$work/ocsp-$size.txt"
          done
        fi
      done
      ;;
    ocsp)
      [ -f "$BENCH_WRK_DIR/ocsp.lua" ] || echo "ocsp: not measured (no OCSP responder in this build)"
      [[ " $SCENARIOS " == *" lookup "* ]] || echo "ocsp runs inside the lookup scenario (it needs the seeded database)"
      ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done

echo
echo "== results"
cat "$results"
