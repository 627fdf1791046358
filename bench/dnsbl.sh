#!/usr/bin/env bash
# bench/dnsbl.sh - what the MX's DNSBL/RHSBL checks cost per connection with a warm cache.
# Starts target/postroom.jar on loopback with a private dnsmasq as its resolver (the test zones
# bl.test and dbl.test exist and list nobody, so every answer is NXDOMAIN, cached for a minute), and
# runs bench/dnsbl-bench.py: EHLO/MAIL/RCPT/QUIT conversations with the lists off and on, alternating.
# usage: bash bench/dnsbl.sh [dnsbl-bench.py options]   (needs dnsmasq: scripts/install-test-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
JAR=target/postroom.jar
[ -f "$JAR" ] || { echo "$JAR missing: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
command -v dnsmasq >/dev/null || { echo "dnsmasq missing (bash scripts/install-test-deps.sh)" >&2; exit 2; }
W=$(pwd)/target/bench/dnsbl-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DNS=$(free_port) HTTP=$(free_port) SMTP=$(free_port)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
  --listen-address=127.0.0.1 --port="$DNS" --local=/test/ --mx-host=remote.test,mx.remote.test,10 \
  --host-record=mx.remote.test,127.0.0.2 --pid-file="$W/dnsmasq.pid" --log-facility="$W/dnsmasq.log" &
PIDS+=($!)
POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_DATA_DIR=$W/postroom POSTROOM_HTTP_PORT=$HTTP \
POSTROOM_HTTPS_PORT=0 POSTROOM_SMTP_PORT=$SMTP POSTROOM_SUBMISSION_PORT=0 POSTROOM_SUBMISSIONS_PORT=0 \
POSTROOM_DOMAIN=example.test POSTROOM_ADMIN_PASSWORD=bench-admin-secret \
POSTROOM_DNS_SERVERS=127.0.0.1:$DNS POSTROOM_SMTP_MAX_CONNECTIONS_PER_ADDRESS=1000 \
  java -jar "$JAR" > "$W/postroom.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do grep -q 'postroom: ready on' "$W/postroom.log" && break
  kill -0 "${PIDS[1]}" 2>/dev/null || { tail -20 "$W/postroom.log"; exit 1; }; sleep 1; done
grep -q 'postroom: ready on' "$W/postroom.log" || { echo "Postroom did not start" >&2; exit 1; }
A=postmaster@example.test:bench-admin-secret
curl -s -o /dev/null -u "$A" -H 'Content-Type: application/json' \
  -d '{"address":"bench@example.test","password":"bench-password-1","displayName":"Bench"}' \
  "http://127.0.0.1:$HTTP/api/admin/users"
python3 bench/dnsbl-bench.py "$SMTP" "http://127.0.0.1:$HTTP" "$A" bench@example.test "$@"
