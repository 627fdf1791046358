#!/usr/bin/env bash
# bench/relay-drain.sh - how fast Postroom's outbound queue drains to a foreign MX, next to Postfix
# relaying the same load to the same server in the same run.
#
# usage: bash bench/relay-drain.sh [-r RUNS] [-m MSGS] [-l BYTES] [-w WARMUP] [-j JAR]
#   defaults: 3 runs, 5000 messages of 5120 bytes, 1000 warm-up messages for Postroom's JIT,
#   target/postroom.jar (build it first: mvn -B -q package -DskipTests)
#
# The foreign MX is Postfix's smtp-sink on its own loopback address and port 25 (127.0.0.25:25),
# the MX of sink.test in a private dnsmasq. Each run fills both queues first, with delivery held,
# then releases them and times until smtp-sink has received every message:
#   * Postroom, as shipped (H2, 20 connections, 10 per domain), its queue filled by a bench-only
#     loader (bench/RelayLoader.java writes the rows with the queue's own store code while
#     Postroom is stopped; nothing is opened to relaying), held as "deferred", released with the
#     admin API's "retry now"; routing through the MX lookup in dnsmasq;
#   * Postfix 3.7 with Debian's defaults, filled with smtp-source through a local port while
#     defer_transports holds delivery, released with postqueue -f; transport [127.0.0.25]:25.
# Prints each drain rate, the ratio Postroom/Postfix and CPU ms per message of each (cgroup cpuacct
# where writable), medians at the end. Loopback only; needs root (port 25, Postfix, cgroups).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
RUNS=3 MSGS=5000 LEN=5120 WARM=1000 JAR=target/postroom.jar
while getopts r:m:l:w:j: o; do case $o in
  r) RUNS=$OPTARG;; m) MSGS=$OPTARG;; l) LEN=$OPTARG;; w) WARM=$OPTARG;; j) JAR=$OPTARG;;
  *) exit 2;; esac; done
[ "$RUNS" -le 20 ] && [ "$MSGS" -le 50000 ] && [ "$WARM" -le 50000 ] \
  || { echo "bounded: RUNS<=20, MSGS<=50000, WARMUP<=50000" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (port 25, Postfix, cgroups)" >&2; exit 2; }
for c in smtp-sink smtp-source postfix dnsmasq curl python3; do
  command -v $c >/dev/null || { echo "$c missing (bash scripts/install-test-deps.sh)" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "$JAR missing: mvn -B -q package -DskipTests" >&2; exit 2; }
H2=$(find ~/.m2/repository/com/h2database/h2/2.2.224 -name 'h2-2.2.224.jar' | head -1)
[ -f "$H2" ] && [ -d target/classes ] || { echo "needs target/classes and the H2 jar in ~/.m2 (mvn package)" >&2; exit 2; }

SINK_IP=127.0.0.25 PF_IP=127.0.0.26
W=$(pwd)/target/bench/relay-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
free_port() { python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "${1:-127.0.0.1}"; }
log() { printf '[relay-drain] %s\n' "$*" >&2; }
now() { date +%s.%N; }

CG=/sys/fs/cgroup/cpuacct
cg_ok() { [ -w "$CG/cgroup.procs" ]; }
cg_new() { cg_ok && mkdir -p "$CG/$1" && echo 0 > "$CG/$1/cpuacct.usage" || true; }
cg_add() { cg_ok && for p in "${@:2}"; do echo "$p" > "$CG/$1/cgroup.procs" 2>/dev/null || true; done || true; }
cg_usage() { if cg_ok && [ -r "$CG/$1/cpuacct.usage" ]; then cat "$CG/$1/cpuacct.usage"; else echo 0; fi; }
cg_drop() { if cg_ok && [ -d "$CG/$1" ]; then
  while read -r p; do echo "$p" > "$CG/cgroup.procs" 2>/dev/null || true; done < "$CG/$1/cgroup.procs"
  rmdir "$CG/$1" 2>/dev/null || true; fi; }

PR_PID= DNS_PID= SINK_PID= PF_ETC=$W/postfix/etc
cleanup() {
  [ -n "$PR_PID" ] && kill "$PR_PID" 2>/dev/null && wait "$PR_PID" 2>/dev/null || true
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null || true
  [ -n "$DNS_PID" ] && kill "$DNS_PID" 2>/dev/null && wait "$DNS_PID" 2>/dev/null || true
  [ -f "$PF_ETC/main.cf" ] && postfix -c "$PF_ETC" stop >/dev/null 2>&1 || true
  cg_drop relay-bench-postroom; cg_drop relay-bench-postfix
}
trap cleanup EXIT

# ---- the foreign MX: smtp-sink on 127.0.0.25:25, every message dumped to a file we can count
DUMP=$W/sink; mkdir -p "$DUMP"; chown nobody "$DUMP"
if (exec 3<>/dev/tcp/$SINK_IP/25) 2>/dev/null; then log "$SINK_IP:25 is taken"; exit 1; fi
smtp-sink -u nobody -h mx.sink.test -d "$DUMP/m." "$SINK_IP:25" 1024 > "$W/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/$SINK_IP/25) 2>/dev/null && break; sleep 0.1; done
delivered() { find "$DUMP" -maxdepth 1 -type f -name 'm.*' | wc -l; }
await_sink() { # await_sink COUNT TIMEOUT_S -> 0 once the sink holds COUNT messages
  local deadline=$(( $(date +%s) + $2 )) last=-1 since=$SECONDS n
  while n=$(delivered); [ "$n" -lt "$1" ]; do
    [ "$(date +%s)" -gt "$deadline" ] && { log "timeout: $n of $1 at the sink"; return 1; }
    if [ "$n" != "$last" ]; then last=$n since=$SECONDS
    elif (( SECONDS - since > 120 )); then log "no progress for 120 s at $n"; return 1; fi
    sleep 0.05
  done
}

# ---- DNS: sink.test's MX is mx.sink.test = 127.0.0.25 (warm.test too, for the warm-up)
DNS_PORT=$(free_port)
cat > "$W/dnsmasq.conf" <<EOF
port=$DNS_PORT
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
local=/test/
mx-host=sink.test,mx.sink.test,10
mx-host=warm.test,mx.sink.test,10
host-record=mx.sink.test,$SINK_IP
EOF
dnsmasq --keep-in-foreground --user=root -C "$W/dnsmasq.conf" > "$W/dnsmasq.log" 2>&1 &
DNS_PID=$!

# ---- Postroom, as shipped except that the bench user's limits are off and nothing else listens
PR_HTTP=$(free_port)
PR_DATA=$W/postroom
H2_URL="jdbc:h2:file:$PR_DATA/db/postroom;WRITE_DELAY=0"
start_postroom() {
  POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_DATA_DIR=$PR_DATA POSTROOM_HTTP_PORT=$PR_HTTP \
  POSTROOM_HTTPS_PORT=0 POSTROOM_SMTP_PORT=0 POSTROOM_SUBMISSION_PORT=0 POSTROOM_SUBMISSIONS_PORT=0 \
  POSTROOM_DOMAIN=example.test POSTROOM_ADMIN_PASSWORD=bench-admin-secret \
  POSTROOM_DNS_SERVERS=127.0.0.1:$DNS_PORT POSTROOM_RELAY_PORT=25 \
    java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >> "$W/postroom.log" 2>&1 &
  PR_PID=$!
  for _ in $(seq 1 300); do grep -q 'postroom: ready on' "$W/postroom.log" && break
    kill -0 "$PR_PID" 2>/dev/null || { tail -20 "$W/postroom.log"; exit 1; }; sleep 1; done
  grep -q 'postroom: ready on' "$W/postroom.log" || { log "Postroom did not start"; exit 1; }
  cg_new relay-bench-postroom; cg_add relay-bench-postroom "$PR_PID"
}
stop_postroom() { kill "$PR_PID"; wait "$PR_PID" 2>/dev/null || true; PR_PID=
  sed -i 's/postroom: ready on/(was) ready on/' "$W/postroom.log"; }
load() { java -cp "target/classes:$H2" bench/RelayLoader.java "$H2_URL" "$@" >> "$W/loader.log"; }
API=http://127.0.0.1:$PR_HTTP/api/admin
log "creating Postroom's database in $PR_DATA"
start_postroom; stop_postroom

# ---- Postfix, Debian's defaults, relaying sink.test to [127.0.0.25]:25
PF=$W/postfix; PF_PORT=$(free_port $PF_IP)
mkdir -p "$PF_ETC" "$PF/queue" "$PF/data" "$PF/log"; chown postfix:postfix "$PF/data"
cat > "$PF_ETC/main.cf" <<CF
compatibility_level = 3.6
config_directory = $PF_ETC
queue_directory = $PF/queue
data_directory = $PF/data
maillog_file_prefixes = $W
maillog_file = $PF/log/postfix.log
myhostname = relay.bench.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
smtp_bind_address = $PF_IP
mynetworks = 127.0.0.0/8
relayhost =
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_peername_lookup = no
transport_maps = texthash:$PF_ETC/transport
default_transport = error:5.4.4 only sink.test in this bench
alias_maps =
alias_database =
biff = no
readme_directory = no
CF
echo "sink.test smtp:[$SINK_IP]:25" > "$PF_ETC/transport"
sed -e 's/^\([a-z0-9]*[ ]*\(inet\|unix\|unix-dgram\|fifo\|pass\)[ ]*[-yn][ ]*[-yn]\)[ ]*y/\1       n/' \
    -e "s/^smtp      inet/$PF_IP:$PF_PORT inet/" /etc/postfix/master.cf.proto \
  | awk '/^maildrop/{exit} {print}' > "$PF_ETC/master.cf"
postfix -c "$PF_ETC" check
pf_hold() { postconf -c "$PF_ETC" -e "defer_transports = $1"; postfix -c "$PF_ETC" reload >/dev/null 2>&1; }
pf_queued() { postqueue -c "$PF_ETC" -p | awk '/Requests\.$/{print $5; f=1} END{if(!f) print 0}'; }
postfix -c "$PF_ETC" start >/dev/null 2>&1
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/$PF_IP/$PF_PORT) 2>/dev/null && break; sleep 0.1; done
MASTER=$(head -1 "$PF/queue/pid/master.pid" | tr -dc 0-9)
cg_new relay-bench-postfix

run_postroom() {
  local base ms t0 t1 c0 c1
  load "$WARM" "$LEN" load@warm.test >/dev/null
  load "$MSGS" "$LEN" load@sink.test deferred >/dev/null
  base=$(delivered)
  start_postroom
  await_sink $((base + WARM)) 600 || return 1   # the warm-up drains by itself at start
  base=$(delivered); c0=$(cg_usage relay-bench-postroom); t0=$(now)
  curl -sSf -u postmaster@example.test:bench-admin-secret -X POST -H 'Content-Type: application/json' \
    "$API/queue/retry" >> "$W/retry.log"
  await_sink $((base + MSGS)) 900 || return 1
  t1=$(now); c1=$(cg_usage relay-bench-postroom)
  stop_postroom
  echo "$(echo "$MSGS / ($t1 - $t0)" | bc -l) $(echo "($c1 - $c0) / 1000000 / $MSGS" | bc -l)"
}
run_postfix() {
  local base t0 t1 c0 c1
  pf_hold smtp
  smtp-source -s 20 -m "$MSGS" -l "$LEN" -f load@example.test -t load@sink.test -M bench.test \
    "$PF_IP:$PF_PORT" >> "$W/smtp-source.log" 2>&1
  for _ in $(seq 1 600); do [ "$(pf_queued)" -ge "$MSGS" ] && break; sleep 0.5; done
  sleep 2   # let the queue manager defer everything it holds
  cg_add relay-bench-postfix $(pgrep -s "$(ps -o sid= -p "$MASTER" | tr -d ' ')" || true)
  base=$(delivered); c0=$(cg_usage relay-bench-postfix); t0=$(now)
  pf_hold ""; postqueue -c "$PF_ETC" -f
  await_sink $((base + MSGS)) 900 || return 1
  t1=$(now)
  cg_add relay-bench-postfix $(pgrep -s "$(ps -o sid= -p "$MASTER" | tr -d ' ')" || true)
  c1=$(cg_usage relay-bench-postfix)
  echo "$(echo "$MSGS / ($t1 - $t0)" | bc -l) $(echo "($c1 - $c0) / 1000000 / $MSGS" | bc -l)"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{ if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
pr_rates=() pf_rates=() ratios=() pr_cpu=() pf_cpu=()
for r in $(seq 1 "$RUNS"); do
  if (( r % 2 )); then order="postroom postfix"; else order="postfix postroom"; fi
  for who in $order; do
    log "run $r: $who"
    if [ $who = postroom ]; then run_postroom > "$W/result"; read -r pr c < "$W/result"
    else run_postfix > "$W/result"; read -r pf d < "$W/result"; fi
  done
  pr_rates+=("$pr"); pf_rates+=("$pf"); pr_cpu+=("$c"); pf_cpu+=("$d")
  ratio=$(echo "$pr / $pf" | bc -l); ratios+=("$ratio")
  printf 'run %d: Postroom drained %d msgs at %.0f msg/s (%.2f ms CPU/msg); Postfix at %.0f msg/s (%.2f ms CPU/msg); ratio %.2f\n' \
    "$r" "$MSGS" "$pr" "$c" "$pf" "$d" "$ratio"
done
printf 'MEDIAN of %d runs, %d x %d bytes: Postroom %.0f msg/s, Postfix %.0f msg/s, ratio %.2f; CPU ms/msg Postroom %.2f, Postfix %.2f\n' \
  "$RUNS" "$MSGS" "$LEN" "$(median "${pr_rates[@]}")" "$(median "${pf_rates[@]}")" "$(median "${ratios[@]}")" \
  "$(median "${pr_cpu[@]}")" "$(median "${pf_cpu[@]}")"
log "work files in $W"
