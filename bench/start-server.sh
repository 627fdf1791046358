#!/usr/bin/env bash
# Starts target/postroom.jar for a benchmark on loopback: fresh data dir, free HTTP port, the other
# listeners off. Prints the base URL; the PID is in $DIR/pid. Usage: bench/start-server.sh DIR [JDBC_URL]
set -euo pipefail
. "$(dirname "$0")/../scripts/java.sh"   # a JDK 21+ for Payara Micro 7
DIR=${1:?data directory}
DB_URL=${2:-}
mkdir -p "$DIR"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
export POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_DATA_DIR="$DIR/data" POSTROOM_HTTP_PORT=$PORT \
  POSTROOM_HTTPS_PORT=0 POSTROOM_SMTP_PORT=0 POSTROOM_SUBMISSION_PORT=0 POSTROOM_SUBMISSIONS_PORT=0 \
  POSTROOM_DOMAIN=example.test POSTROOM_ADMIN_PASSWORD=postmaster-secret-1 POSTROOM_DNS_SERVERS=127.0.0.1:1
if [ -n "$DB_URL" ]; then export POSTROOM_DB_URL="$DB_URL"; fi
nohup java -Xmx${BENCH_XMX:-1g} -jar "$(dirname "$0")/../target/postroom.jar" > "$DIR/server.log" 2>&1 &
echo $! > "$DIR/pid"
for i in $(seq 1 240); do
  if grep -q "postroom: ready on" "$DIR/server.log"; then echo "http://127.0.0.1:$PORT"; exit 0; fi
  if ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then tail -20 "$DIR/server.log" >&2; exit 1; fi
  sleep 1
done
echo "not ready after 240 s" >&2; exit 1
