#!/bin/sh
# Makes the build stage trust the certificates in EXTRA_CA_CERT (PEM text, one or more), for a network where
# Maven Central is reached through a TLS-intercepting proxy: Java's cacerts for Maven, and the system's store for
# curl and wget, with which the Maven wrapper downloads Maven. Does nothing when EXTRA_CA_CERT is empty.
#   docker build --build-arg EXTRA_CA_CERT="$(cat proxy-ca.pem)" -f docker/runtime.Dockerfile .
set -eu
[ -n "${EXTRA_CA_CERT:-}" ] || exit 0
dir=/usr/local/share/ca-certificates/fnpulse-extra
mkdir -p "$dir"
printf '%s\n' "$EXTRA_CA_CERT" | tr -d '\r' | awk -v dir="$dir" '
  /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/extra-%d.crt", dir, n) }
  file != "" { print > file }
  /-----END CERTIFICATE-----/ { close(file); file = "" }'
set -- "$dir"/*.crt
[ -f "$1" ] || { echo "trust-extra-ca.sh: EXTRA_CA_CERT holds no PEM certificate (-----BEGIN CERTIFICATE-----)" >&2; exit 1; }
for cert in "$@"; do
  out=$(keytool -importcert -noprompt -cacerts -storepass changeit -alias "fnpulse-$(basename "$cert" .crt)" \
    -file "$cert" 2>&1) || { echo "trust-extra-ca.sh: keytool: $out" >&2; exit 1; }
done
if command -v update-ca-certificates >/dev/null; then update-ca-certificates >/dev/null 2>&1; fi
echo "trust-extra-ca.sh: trusting $# extra CA certificate(s) in this build stage"
