#!/usr/bin/env bash
# Five-minute walk-through against a running PkiService:
#   1. generate an ECDSA P-256 key and a CSR with openssl (Thai organisation name included; the
#      CA/B Baseline Requirements want the organisation's locality or state beside it),
#   2. ask the service for a tls-server certificate,
#   3. download the certificate and the CA chain,
#   4. let openssl verify the certificate against the root,
#   5. ask the OCSP responder and check the CRL, as a relying party would.
# Usage: certs-sample/walkthrough.sh [BASE_URL]   (default http://localhost:5080)
# The API key comes from PKI_API_KEY, else from the bootstrap admin key file that a first
# `dotnet run --project Ca.Api` writes to Ca.Api/data/bootstrap-admin.key.
# Needs: openssl, curl.
set -euo pipefail

BASE_URL="${1:-${PKI_BASE_URL:-http://localhost:5080}}"
KEY_FILE="$(cd "$(dirname "$0")/.." && pwd)/Ca.Api/data/bootstrap-admin.key"
API_KEY="${PKI_API_KEY:-$( [ -f "$KEY_FILE" ] && cat "$KEY_FILE" || true)}"
if [ -z "$API_KEY" ]; then
  echo "Set PKI_API_KEY to an API key (a requester's, or the bootstrap admin's)." >&2
  exit 2
fi
HOST="${PKI_SAMPLE_HOST:-www.example.co.th}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

echo "== 1. key and CSR (openssl)"
openssl ecparam -name prime256v1 -genkey -noout -out key.pem
openssl req -new -key key.pem -utf8 \
  -subj "/C=TH/L=กรุงเทพมหานคร/O=บริษัท ตัวอย่าง จำกัด/CN=${HOST}" \
  -addext "subjectAltName=DNS:${HOST}" -out request.csr

echo "== 2. request a certificate (profile tls-server)"
# JSON-escape the PEM: newlines become \n.
csr_json=$(awk 'BEGIN{ORS="\\n"} {print}' request.csr)
status=$(curl -sS -o response.json -w '%{http_code}' -X POST "${BASE_URL}/api/v1/certificate-requests" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer ${API_KEY}" \
  -d "{\"profile\":\"tls-server\",\"csr\":\"${csr_json}\"}")
if [ "$status" != "201" ]; then
  echo "request failed with HTTP $status:" >&2
  cat response.json >&2
  exit 1
fi
serial=$(sed -n 's/.*"serialNumber":"\([0-9A-F]*\)".*/\1/p' response.json)
echo "issued serial ${serial}"

echo "== 3. download certificate and chain"
curl -sSf -H 'Accept: application/x-pem-file' -H "Authorization: Bearer ${API_KEY}" "${BASE_URL}/api/v1/certificates/${serial}" -o certificate.pem
curl -sSf "${BASE_URL}/api/v1/cas/issuing-ca/chain" -o chain.pem
curl -sSf "${BASE_URL}/api/v1/cas/root-ca/certificate" -o root.pem

echo "== 4. verify with openssl"
openssl x509 -in certificate.pem -noout -subject -issuer -nameopt utf8
openssl verify -CAfile root.pem -untrusted chain.pem certificate.pem

echo "== 5. revocation status, as a relying party sees it (OCSP and CRL)"
openssl ocsp -issuer <(openssl x509 -in chain.pem) -cert certificate.pem -url "${BASE_URL}/ocsp" -CAfile <(cat chain.pem root.pem)
curl -sSf "${BASE_URL}/crl/issuing-ca.crl" | openssl crl -inform DER -out issuing.crl.pem
openssl verify -crl_check -CRLfile issuing.crl.pem -CAfile root.pem -untrusted chain.pem certificate.pem
