#!/usr/bin/env bash
# Issuance with the CA key on SoftHSM2 vs in software, same machine, same process, same run.
#
#   bench/hsm-issue.sh            # 5 s per row (after a 1 s warm-up); about a minute in all
#   SECONDS_PER_ROW=10 bench/hsm-issue.sh
#
# Makes a fresh SoftHSM2 token in a temporary folder (SOFTHSM2_CONF), builds BenchTool in Release
# (NO_BUILD=1 skips it) and runs `BenchTool hsm-issue`, which signs tls-server certificates with a
# P-256 and an RSA-2048 CA key in software and on the token, one signer thread and then one per core,
# and prints one "BENCH hsm-issue ..." line per row. Needs softhsm2 (apt-get install -y softhsm2).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
module=${PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
command -v softhsm2-util >/dev/null || { echo "softhsm2-util not found: apt-get install -y softhsm2" >&2; exit 1; }

work=$(mktemp -d /tmp/pki-hsm-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" > "$work/softhsm2.conf"
export SOFTHSM2_CONF="$work/softhsm2.conf"
softhsm2-util --init-token --free --label PkiBench --so-pin 87654321 --pin 12345678 >/dev/null
printf '12345678\n' > "$work/user.pin"

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build -c Release bench/BenchTool -v q -nologo >/dev/null
fi

echo "# $(date -u +%FT%TZ) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/BenchTool/bin/Release/net10.0/BenchTool.dll hsm-issue "$module" PkiBench "$work/user.pin" "${SECONDS_PER_ROW:-5}"
echo "# done load=$(cut -d' ' -f1-3 /proc/loadavg)"
