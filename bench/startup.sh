#!/usr/bin/env bash
# bench/startup.sh [RUNS] - time from `java -jar target/postroom.jar` to the first HTTP answer of the
# sign-in page and to the MX's SMTP greeting (220), and the resident memory (RSS) once both answer. Each run starts on an empty data
# directory (first start: schema migration, keystore generation) and then once more on the same
# directory (a restart). Loopback only; the ports are fixed high ports, free them first.
# Prints one line per run and the medians.
# The JVM options are scripts/run.sh's: on Java 25+ the ahead-of-time cache of scripts/aot.sh, trained
# by scripts/aot-train.sh (one untimed start) before the timed runs. AOT=off times plain `java -jar`.
#   JAR=/tmp/old/postroom.jar JAVA_CMD=/usr/lib/jvm/java-17-openjdk-amd64/bin/java AOT=off: another build
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
. scripts/aot.sh
RUNS=${1:-5}
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 20 ] || { echo "RUNS must be 1..20" >&2; exit 2; }
JAR=${JAR:-target/postroom.jar}   # JAR=/tmp/old/postroom.jar JAVA_CMD=... to time another build
JAVA_CMD=${JAVA_CMD:-java}
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
HTTP=18480
WORK=$(mktemp -d /tmp/postroom-bench-startup.XXXXXX)
trap 'pkill -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

greets() { # the MX answers 220 on connect
  timeout 1 bash -c 'exec 3<>/dev/tcp/127.0.0.1/18482 && head -c 3 <&3' 2>/dev/null | grep -q 220
}
one() { # $1 = data dir; prints "http_seconds rss_mb smtp_seconds"
  local data=$1 pid t0 t1 ts rss i
  t0=$(date +%s.%N)
  POSTROOM_DATA_DIR=$data POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_HTTP_PORT=$HTTP \
  POSTROOM_HTTPS_PORT=18481 POSTROOM_SMTP_PORT=18482 POSTROOM_SUBMISSION_PORT=18483 \
  POSTROOM_SUBMISSIONS_PORT=18484 POSTROOM_DOMAIN=bench.test POSTROOM_ADMIN_PASSWORD=bench-password-1 \
  POSTROOM_DNS_SERVERS=127.0.0.1:9 \
    $JAVA_CMD ${BENCH_JAVA_OPTS:-} ${AOT_OPTS:-} -jar "$JAR" ${BENCH_ARGS:-} >"$data.log" 2>&1 &
  pid=$!
  t1='' ts=''
  for ((i = 0; i < 3000; i++)); do
    if [ -z "$t1" ] && curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/login.xhtml" 2>/dev/null | grep -q 200; then t1=$(date +%s.%N); fi
    if [ -z "$ts" ] && greets; then ts=$(date +%s.%N); fi
    [ -n "$t1" ] && [ -n "$ts" ] && break
    kill -0 $pid 2>/dev/null || { echo "postroom exited; see $data.log" >&2; exit 1; }
    sleep 0.1
  done
  rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  echo "$(echo "$t1 - $t0" | bc -l) $rss $(echo "$ts - $t0" | bc -l)"
}
median() { sort -g | awk '{v[NR]=$1} END{ if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
AOT_OPTS=''
if [ "${AOT:-on}" != off ]; then
  bash scripts/aot-train.sh "$JAR" >&2
  AOT_OPTS=$(postroom_aot_options "$JAR")
  echo "JVM options: $AOT_OPTS"
fi
first=() restart=() rss=() smtp1=() smtp2=()
for r in $(seq 1 "$RUNS"); do
  d=$WORK/run$r
  read -r t m s1 < <(one "$d"); first+=("$t"); rss+=("$m"); smtp1+=("$s1")
  read -r t2 m2 s2 < <(one "$d"); restart+=("$t2"); rss+=("$m2"); smtp2+=("$s2")
  printf 'run %d: first start %.1f s (SMTP %.1f s, RSS %d MB), restart %.1f s (SMTP %.1f s, RSS %d MB)\n' \
    "$r" "$t" "$s1" "$m" "$t2" "$s2" "$m2"
done
printf 'MEDIAN first start %.1f s (SMTP greeting %.1f s), restart %.1f s (SMTP greeting %.1f s), RSS %.0f MB (load average %s)\n' \
  "$(printf '%s\n' "${first[@]}" | median)" "$(printf '%s\n' "${smtp1[@]}" | median)" \
  "$(printf '%s\n' "${restart[@]}" | median)" "$(printf '%s\n' "${smtp2[@]}" | median)" \
  "$(printf '%s\n' "${rss[@]}" | median)" "$(cut -d' ' -f1-3 /proc/loadavg)"
