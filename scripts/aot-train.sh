#!/usr/bin/env bash
# bash scripts/aot-train.sh [JAR] - trains the ahead-of-time cache (scripts/aot.sh, Java 25+) for a
# jar without touching the running installation: one start on a scratch data directory and
# loopback ports, stopped once the sign-in page and the MX answer. Run it after an upgrade, before
# restarting, and the first start of the new jar is as quick as every later one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh
. scripts/aot.sh
JAR=${1:-target/postroom.jar}
[ -f "$JAR" ] || { echo "aot-train: no $JAR (build it: ./mvnw -B -q package -DskipTests)" >&2; exit 2; }
opts=$(postroom_aot_options "$JAR")
case $opts in
  -XX:AOTCacheOutput=*) ;;
  -XX:AOTCache=*) echo "aot-train: ${opts#*=} exists"; exit 0 ;;
  *) echo "aot-train: needs Java 25 or newer (and POSTROOM_AOT not off)" >&2; exit 2 ;;
esac
scratch=$(mktemp -d /tmp/postroom-aot-train.XXXXXX)
pid=''
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$scratch"' EXIT
for attempt in 1 2 3 4 5; do
  base=$((20000 + RANDOM % 20000))
  POSTROOM_DATA_DIR=$scratch/data POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_HTTP_PORT=$base \
  POSTROOM_HTTPS_PORT=$((base + 1)) POSTROOM_SMTP_PORT=$((base + 2)) \
  POSTROOM_SUBMISSION_PORT=$((base + 3)) POSTROOM_SUBMISSIONS_PORT=$((base + 4)) \
  POSTROOM_DOMAIN=aot-training.test POSTROOM_ADMIN_PASSWORD="training-$RANDOM-$RANDOM-$RANDOM" \
  POSTROOM_DNS_SERVERS=127.0.0.1:9 \
    java "$opts" -jar "$JAR" >"$scratch/log" 2>&1 &
  pid=$!
  for ((i = 0; i < 1200; i++)); do   # at most two minutes
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$base/login.xhtml" 2>/dev/null | grep -q 200 &&
      timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$((base + 2)) && head -c 3 <&3" 2>/dev/null | grep -q 220; then
      kill -TERM "$pid"
      wait "$pid" 2>/dev/null || true   # the JVM writes the cache as it stops
      pid=''
      [ -s "${opts#*=}" ] || { echo "aot-train: the JVM wrote no cache; see its log:" >&2; tail -20 "$scratch/log" >&2; exit 1; }
      echo "aot-train: wrote ${opts#*=}"
      exit 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=''
  grep -q 'cannot listen on' "$scratch/log" || { echo "aot-train: the training start failed:" >&2; tail -20 "$scratch/log" >&2; exit 1; }
  rm -rf "$scratch/data"
done
echo "aot-train: no free loopback ports found in five tries" >&2
exit 1
