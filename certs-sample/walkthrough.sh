#!/usr/bin/env bash
# Five-minute walk-through against a running PkiService:
#   1. generate an ECDSA P-256 key and a CSR with openssl (Thai organisation name included; the
#      CA/B Baseline Requirements want the organisation's locality or state beside it),
#   2. ask the service for a tls-server certificate,
#   3. download the certificate and the CA chain,
#   4. let openssl verify the certificate against the root,
#   5. ask the OCSP responder and check the CRL, as a relying party would,
#   6. with an admin key (PKI_ADMIN_KEY, or the bootstrap admin key file): create an e-seal, sign the
#      sample e-Tax invoice (XAdES) and the Thai letter (PAdES B-LT), and verify both with the service
#      (and with xmlsec1 and pdfsig when installed).
# Usage: certs-sample/walkthrough.sh [BASE_URL]   (default http://localhost:5080)
# The API key comes from PKI_API_KEY, else from the bootstrap admin key file that a first
# `dotnet run --project Ca.Api` writes to Ca.Api/data/bootstrap-admin.key.
# Needs: openssl, curl.
set -euo pipefail

BASE_URL="${1:-${PKI_BASE_URL:-http://localhost:5080}}"
SAMPLES="$(cd "$(dirname "$0")" && pwd)"
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

# The bootstrap admin's key file counts only when no other key was given (then API_KEY came from it).
ADMIN_KEY="${PKI_ADMIN_KEY:-$( [ -z "${PKI_API_KEY:-}" ] && echo "$API_KEY" || true)}"
if [ -z "$ADMIN_KEY" ]; then
  echo "== 6. skipped: signing documents needs an admin key (PKI_ADMIN_KEY) to create an e-seal"
  exit 0
fi

echo "== 6. e-seal, XAdES-signed e-Tax invoice and PAdES-signed Thai letter, verification"
curl -sSf -H "Authorization: Bearer ${ADMIN_KEY}" -H 'Content-Type: application/json' "${BASE_URL}/api/v1/signers" \
  -d '{"name":"walkthrough e-seal","email":"e-seal@example.co.th","subject":{"CN":"ตราประทับอิเล็กทรอนิกส์","O":"บริษัท ตัวอย่าง จำกัด","C":"TH"}}' -o signer.json
signer=$(sed -n 's/^{"id":"\([^"]*\)".*/\1/p' signer.json)
curl -sSf -H "Authorization: Bearer ${ADMIN_KEY}" -H 'Content-Type: application/xml' --data-binary @"${SAMPLES}/etax-invoice.xml" \
  "${BASE_URL}/api/v1/documents/sign?signerId=${signer}&level=B-LTA" -o invoice-signed.xml
if command -v xmlsec1 >/dev/null; then
  curl -sSf "${BASE_URL}/api/v1/cas/issuing-ca/certificate" -o issuing.pem
  xmlsec1 --verify --trusted-pem root.pem --untrusted-pem issuing.pem \
    --id-attr:Id http://uri.etsi.org/01903/v1.3.2#:SignedProperties invoice-signed.xml
fi
curl -sSf -H 'Content-Type: application/xml' --data-binary @invoice-signed.xml "${BASE_URL}/api/v1/documents/verify"
echo
curl -sSf -H "Authorization: Bearer ${ADMIN_KEY}" -H 'Content-Type: application/pdf' --data-binary @"${SAMPLES}/thai-letter.pdf" \
  "${BASE_URL}/api/v1/documents/sign?signerId=${signer}&level=B-LT&visible=true&x=320&y=60&width=220&height=60" -o thai-letter-signed.pdf
if command -v pdfsig >/dev/null; then
  pdfsig -nocert thai-letter-signed.pdf
fi
curl -sSf -H 'Content-Type: application/pdf' --data-binary @thai-letter-signed.pdf "${BASE_URL}/api/v1/documents/verify"
echo
