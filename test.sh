#!/usr/bin/env bash
# The one test command: installs the independent tools the tests use when missing (Debian/Ubuntu,
# apt-get), then runs `dotnet test`. Once those tools are present, `dotnet test` alone does the same.
set -euo pipefail
cd "$(dirname "$0")"

# command → Debian package
declare -A tools=(
  [openssl]=openssl [curl]=curl [jq]=jq
  [certtool]=gnutls-bin [certutil]=libnss3-tools [vfychain]=libnss3-tools [pk12util]=libnss3-tools
  [pdfsig]=poppler-utils [pdftoppm]=poppler-utils [qpdf]=qpdf [xmlsec1]=xmlsec1
  [softhsm2-util]=softhsm2 [pkcs11-tool]=opensc
  [certbot]=certbot [lego]=lego [chromium]=chromium
  [docker]=docker.io [docker-compose]=docker-compose
)
need=()
for cmd in "${!tools[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("${tools[$cmd]}")
done
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -d /usr/share/fonts/truetype/tlwg ] || need+=(fonts-thai-tlwg)

if [ ${#need[@]} -gt 0 ]; then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  echo "Installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # A fresh machine may still hold the dpkg lock (unattended upgrades) or meet a flaky mirror: wait for the
  # lock, retry downloads, and try the whole step three times before giving up.
  apt_options=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
  for attempt in 1 2 3; do
    if $sudo apt-get "${apt_options[@]}" update -qq \
      && $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
      break
    fi
    [ "$attempt" -lt 3 ] || { echo "installing ${need[*]} failed three times" >&2; exit 1; }
    echo "apt-get failed (attempt $attempt of 3); retrying in 15 s" >&2
    sleep 15
  done
fi
command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }

exec dotnet test "$@"
