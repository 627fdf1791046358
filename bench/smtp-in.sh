#!/usr/bin/env bash
# bench/smtp-in.sh - how fast Postroom's MX accepts and durably stores mail, next to a local Postfix
# delivering to Maildir, measured in the same run with Postfix's own load generator (smtp-source).
#
# usage: bash bench/smtp-in.sh [-r RUNS] [-s SESSIONS] [-m MSGS] [-l BYTES] [-w WARMUP] [-j JAR] [-R]
#   defaults: 3 runs, 20 sessions, 5000 messages of 5120 bytes, 1000 warm-up messages each,
#   target/postroom.jar (build it first: mvn -B -q package -DskipTests)
#
# Each run sends MSGS messages, one connection per message (as MX traffic arrives), to
#   * Postroom's MX (shipped defaults: H2 in the data directory, a 250 only after the commit), and
#   * a private Postfix 3.7 (Debian defaults; mail for bench.test goes to a Maildir),
# alternating which goes first. It prints each rate, Postfix's rate until every message is in the
# Maildir, the ratio Postroom/Postfix (accept rates), and CPU ms per message of each server
# (cgroup cpuacct, so other load on the machine is not counted). Medians at the end.
# With -R both scan every message with the same private rspamd (Debian's package, its defaults with
# a private LOCAL_CONFDIR; resolver: a private dnsmasq that answers at once): Postroom through
# rspamd's HTTP API (postroom.spam.rspamd.url, one normal worker), Postfix through rspamd's
# proxy worker as its milter (self_scan, as mailcow runs it). rspamd's greylisting and rate limits
# are off, so every message is accepted by both. The time rspamd took per scan is read from its log
# for each worker (median, p99).
# Loopback only; needs root (Postfix, cgroups) and the postfix package (smtp-source).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
RUNS=3 SESS=20 MSGS=5000 LEN=5120 WARM=1000 JAR=target/postroom.jar RSPAMD=0
while getopts r:s:m:l:w:j:R o; do case $o in
  R) RSPAMD=1;;
  r) RUNS=$OPTARG;; s) SESS=$OPTARG;; m) MSGS=$OPTARG;; l) LEN=$OPTARG;; w) WARM=$OPTARG;;
  j) JAR=$OPTARG;; *) exit 2;; esac; done
[ "$RUNS" -le 20 ] && [ "$MSGS" -le 100000 ] || { echo "bounded: RUNS<=20, MSGS<=100000" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (Postfix, cgroups)" >&2; exit 2; }
command -v smtp-source >/dev/null || { echo "smtp-source missing (bash scripts/install-test-deps.sh)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "$JAR missing: mvn -B -q package -DskipTests" >&2; exit 2; }

W=$(pwd)/target/bench/smtp-in-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
log() { printf '[smtp-in] %s\n' "$*" >&2; }

# ---- CPU accounting: one cpuacct cgroup per server (no-op where cgroups are not writable)
CG=/sys/fs/cgroup/cpuacct
cg_ok() { [ -w "$CG/cgroup.procs" ]; }
cg_new() { cg_ok && mkdir -p "$CG/$1" && echo 0 > "$CG/$1/cpuacct.usage" || true; }
cg_add() { cg_ok && for p in "${@:2}"; do echo "$p" > "$CG/$1/cgroup.procs" 2>/dev/null || true; done || true; }
cg_usage() { if cg_ok; then cat "$CG/$1/cpuacct.usage"; else echo 0; fi; }
cg_drop() { if cg_ok && [ -d "$CG/$1" ]; then
  while read -r p; do echo "$p" > "$CG/cgroup.procs" 2>/dev/null || true; done < "$CG/$1/cgroup.procs"
  rmdir "$CG/$1" 2>/dev/null || true; fi; }

# ---- Postroom, as shipped
PR_HTTP=$(free_port) PR_SMTP=$(free_port)
PR_PID=
: > "$W/postroom.log"
PF_ETC=$W/postfix/etc
RS_PIDS=()
cleanup() {
  [ -n "$PR_PID" ] && kill "$PR_PID" 2>/dev/null && wait "$PR_PID" 2>/dev/null || true
  for p in "${RS_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$PF_ETC/main.cf" ] && postfix -c "$PF_ETC" stop >/dev/null 2>&1 || true
  cg_drop postroom-bench-postroom; cg_drop postroom-bench-postfix
}
trap cleanup EXIT
RS_ENV=()
if [ "$RSPAMD" = 1 ]; then
  command -v rspamd >/dev/null || { echo "rspamd missing (bash scripts/install-test-deps.sh)" >&2; exit 2; }
  RS=$W/rspamd RS_CTRL=$(free_port) RS_NORMAL=$(free_port) RS_PROXY=$(free_port) RS_REDIS=$(free_port) RS_DNS=$(free_port)
  mkdir -p "$RS/conf/local.d" "$RS/conf/override.d" "$RS/db" "$RS/run" "$RS/log"
  dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
    --listen-address=127.0.0.1 --port="$RS_DNS" --local=/test/ --pid-file="$RS/run/dnsmasq.pid" &
  RS_PIDS+=($!)
  redis-server --port "$RS_REDIS" --bind 127.0.0.1 --dir "$RS/db" --save "" --appendonly no \
    --daemonize no > "$RS/log/redis.log" 2>&1 &
  RS_PIDS+=($!)
  echo "bind_socket = \"127.0.0.1:$RS_NORMAL\"; count = 1;" > "$RS/conf/override.d/worker-normal.inc"
  printf 'bind_socket = "127.0.0.1:%s";\ncount = 1;\npassword = "bench-rspamd";\nenable_password = "bench-rspamd";\n' \
    "$RS_CTRL" > "$RS/conf/override.d/worker-controller.inc"
  printf 'bind_socket = "127.0.0.1:%s";\ncount = 1;\nmilter = yes;\ntimeout = 120s;\nupstream "local" { default = yes; self_scan = yes; }\n' \
    "$RS_PROXY" > "$RS/conf/override.d/worker-proxy.inc"
  echo "enabled = false;" > "$RS/conf/override.d/worker-fuzzy.inc"
  printf 'type = "file";\nfilename = "%s";\nlevel = "info";\n' "$RS/log/rspamd.log" > "$RS/conf/override.d/logging.inc"
  echo "dns { nameserver = [\"127.0.0.1:$RS_DNS\"]; timeout = 1s; retransmits = 1; }" > "$RS/conf/local.d/options.inc"
  echo "servers = \"127.0.0.1:$RS_REDIS\";" > "$RS/conf/local.d/redis.conf"
  echo "enabled = false;" > "$RS/conf/local.d/greylist.conf"
  echo "enabled = false;" > "$RS/conf/local.d/ratelimit.conf"
  rspamd -f -i -u root -g root -c /etc/rspamd/rspamd.conf --var=LOCAL_CONFDIR="$RS/conf" \
    --var=DBDIR="$RS/db" --var=RUNDIR="$RS/run" --var=LOGDIR="$RS/log" > "$RS/log/stdout.log" 2>&1 &
  RS_PIDS+=($!)
  for _ in $(seq 1 240); do curl -sf -H 'Password: bench-rspamd' "http://127.0.0.1:$RS_CTRL/stat" >/dev/null && break; sleep 0.5; done
  curl -sf -H 'Password: bench-rspamd' "http://127.0.0.1:$RS_CTRL/stat" >/dev/null || { log "rspamd did not start"; exit 1; }
  log "rspamd: normal worker :$RS_NORMAL (Postroom), milter proxy :$RS_PROXY (Postfix)"
  RS_ENV=(POSTROOM_SPAM_RSPAMD_URL="http://127.0.0.1:$RS_NORMAL" POSTROOM_SPAM_RSPAMD_CONTROLLER="http://127.0.0.1:$RS_CTRL"
          POSTROOM_SPAM_RSPAMD_PASSWORD=bench-rspamd)
fi
log "starting Postroom ($JAR) in $W/postroom"
# no DNS here: the MX's envelope checks (sender domain, blocklists) are off, as Postfix has none
# of them in this comparison
POSTROOM_BIND_ADDRESS=127.0.0.1 POSTROOM_DATA_DIR=$W/postroom POSTROOM_HTTP_PORT=$PR_HTTP \
POSTROOM_HTTPS_PORT=0 POSTROOM_SMTP_PORT=$PR_SMTP POSTROOM_SUBMISSION_PORT=0 POSTROOM_SUBMISSIONS_PORT=0 \
POSTROOM_DOMAIN=example.test POSTROOM_ADMIN_PASSWORD=bench-admin-secret \
POSTROOM_DNS_SERVERS=127.0.0.1:$(free_port) \
POSTROOM_SPAM_SENDER_DOMAIN_CHECK=false POSTROOM_SPAM_DNSBL_ZONES=none POSTROOM_SPAM_RHSBL_ZONES=none \
  env "${RS_ENV[@]}" java -jar "$JAR" > "$W/postroom.log" 2>&1 &
PR_PID=$!
for _ in $(seq 1 300); do grep -q 'postroom: ready on' "$W/postroom.log" && break
  kill -0 "$PR_PID" 2>/dev/null || { tail -20 "$W/postroom.log"; exit 1; }; sleep 1; done
grep -q 'postroom: ready on' "$W/postroom.log" || { log "Postroom did not start"; exit 1; }
cg_new postroom-bench-postroom; cg_add postroom-bench-postroom "$PR_PID"
API="http://127.0.0.1:$PR_HTTP/api/admin/users"
curl -sf -u postmaster@example.test:bench-admin-secret -H 'Content-Type: application/json' \
  -d '{"address":"load@example.test","password":"load-password-1","displayName":"Load","quotaBytes":0}' \
  "$API" > /dev/null
used() { curl -sf -u postmaster@example.test:bench-admin-secret "$API/load@example.test" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["usedBytes"])'; }

# ---- Postfix: Debian's defaults, mail for bench.test to a Maildir
PF_PORT=$(free_port); PF=$W/postfix; SPOOL=$W/spool
mkdir -p "$PF_ETC" "$PF/queue" "$PF/data" "$PF/log" "$SPOOL"
chown postfix:postfix "$PF/data"; chown nobody:nogroup "$SPOOL"
cat > "$PF_ETC/main.cf" <<CF
compatibility_level = 3.6
config_directory = $PF_ETC
queue_directory = $PF/queue
data_directory = $PF/data
maillog_file_prefixes = $W
maillog_file = $PF/log/postfix.log
myhostname = mx.bench.test
mydomain = bench.test
mydestination =
local_transport = error:5.1.1 no local delivery
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
default_transport = error:5.4.4 no relaying in the benchmark
relay_transport = error:5.4.4 no relaying in the benchmark
virtual_mailbox_domains = bench.test
virtual_mailbox_base = $SPOOL
virtual_mailbox_maps = texthash:$PF_ETC/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_mailbox_limit = 0
message_size_limit = 26214400
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_client_event_limit_exceptions = 127.0.0.0/8
biff = no
readme_directory = no
CF
if [ "$RSPAMD" = 1 ]; then
  printf 'smtpd_milters = inet:127.0.0.1:%s\nmilter_protocol = 6\nmilter_default_action = accept\nmilter_mail_macros = i {mail_addr} {client_addr} {client_name} {auth_authen}\n' \
    "$RS_PROXY" >> "$PF_ETC/main.cf"
fi
echo "load@bench.test bench.test/load/" > "$PF_ETC/vmailbox"
cat > "$PF_ETC/master.cf" <<MC
127.0.0.1:$PF_PORT inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
local     unix  - n n - - local
virtual   unix  - n n - - virtual
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
MC
postfix -c "$PF_ETC" check
postfix -c "$PF_ETC" start
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PF_PORT") 2>/dev/null && break; sleep 0.1; done
PF_MASTER=$(tr -dc '0-9' < "$PF/queue/pid/master.pid")
cg_new postroom-bench-postfix; cg_add postroom-bench-postfix "$PF_MASTER" $(pgrep -P "$PF_MASTER" || true)
MAILDIR=$SPOOL/bench.test/load/new

count() { [ -d "$MAILDIR" ] && ls -U1 "$MAILDIR" | wc -l || echo 0; }
now() { date +%s.%N; }
send() { # send N host:port rcpt
  timeout 1200 smtp-source -s "$SESS" -m "$1" -l "$LEN" -f bench@remote.test -t "$3" -M client.bench.test "$2"; }
await_maildir() { # until N files, bounded
  local n=$1 deadline=$(( $(date +%s) + 600 ))
  while [ "$(count)" -lt "$n" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done; }

log "warm-up: $WARM messages each"
send "$WARM" "127.0.0.1:$PR_SMTP" load@example.test
send "$WARM" "127.0.0.1:$PF_PORT" load@bench.test; await_maildir "$WARM"
pr_rates=() pf_rates=() pf_deliver=() ratios=() pr_cpu=() pf_cpu=()
run_postroom() {
  local u0 c0 t0 t1 c1 u1
  u0=$(used); c0=$(cg_usage postroom-bench-postroom); t0=$(now)
  send "$MSGS" "127.0.0.1:$PR_SMTP" load@example.test
  t1=$(now); c1=$(cg_usage postroom-bench-postroom); u1=$(used)
  [ $(( (u1 - u0) / LEN )) -ge "$MSGS" ] || { log "Postroom stored only $(( (u1 - u0) / LEN )) of $MSGS"; exit 1; }
  PR_RATE=$(echo "$MSGS / ($t1 - $t0)" | bc -l); PR_CPU=$(echo "($c1 - $c0) / 1000000 / $MSGS" | bc -l)
}
run_postfix() {
  local c0 t0 t1 t2 c1 base
  find "$MAILDIR" -type f -delete; base=0
  c0=$(cg_usage postroom-bench-postfix); t0=$(now)
  send "$MSGS" "127.0.0.1:$PF_PORT" load@bench.test
  t1=$(now); await_maildir "$MSGS"; t2=$(now); c1=$(cg_usage postroom-bench-postfix)
  [ "$(count)" -ge "$MSGS" ] || { log "Postfix delivered only $(count) of $MSGS"; exit 1; }
  PF_RATE=$(echo "$MSGS / ($t1 - $t0)" | bc -l); PF_DELIVER=$(echo "$MSGS / ($t2 - $t0)" | bc -l)
  PF_CPU=$(echo "($c1 - $c0) / 1000000 / $MSGS" | bc -l)
}
for r in $(seq 1 "$RUNS"); do
  sync; sleep 2
  if [ $((r % 2)) = 1 ]; then run_postroom; sync; sleep 2; run_postfix; else run_postfix; sync; sleep 2; run_postroom; fi
  ratio=$(echo "$PR_RATE / $PF_RATE" | bc -l)
  printf 'run %d: Postroom %.0f msg/s (%.2f ms CPU/msg) | Postfix accept %.0f msg/s, into Maildir %.0f msg/s (%.2f ms CPU/msg) | ratio %.2f | load %s\n' \
    "$r" "$PR_RATE" "$PR_CPU" "$PF_RATE" "$PF_DELIVER" "$PF_CPU" "$ratio" "$(cut -d' ' -f1 /proc/loadavg)"
  pr_rates+=("$PR_RATE"); pf_rates+=("$PF_RATE"); pf_deliver+=("$PF_DELIVER"); ratios+=("$ratio")
  pr_cpu+=("$PR_CPU"); pf_cpu+=("$PF_CPU")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{ if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
printf 'MEDIAN of %d runs (%d sessions, %d x %d bytes): Postroom %.0f msg/s, %.2f ms CPU/msg | Postfix accept %.0f msg/s, into Maildir %.0f msg/s, %.2f ms CPU/msg | ratio %.2f\n' \
  "$RUNS" "$SESS" "$MSGS" "$LEN" "$(median "${pr_rates[@]}")" "$(median "${pr_cpu[@]}")" "$(median "${pf_rates[@]}")" \
  "$(median "${pf_deliver[@]}")" "$(median "${pf_cpu[@]}")" "$(median "${ratios[@]}")"
if [ "$RSPAMD" = 1 ]; then
  # rspamd's own time per scan, from its task log lines ("time: 2.403ms"), per worker
  for w in normal rspamd_proxy; do
    grep "#[0-9]*($w)" "$RS/log/rspamd.log" | grep -o 'time: [0-9.]*ms' | grep -o '[0-9.]*' | sort -g > "$RS/times-$w.txt" || true
    n=$(wc -l < "$RS/times-$w.txt")
    [ "$n" -gt 0 ] || { log "no scans logged by $w"; continue; }
    printf 'rspamd scan time, %s (%s): %d scans, median %.2f ms, p99 %.2f ms\n' "$w" \
      "$([ $w = normal ] && echo Postroom || echo Postfix)" "$n" \
      "$(sed -n "$(( (n + 1) / 2 ))p" "$RS/times-$w.txt")" "$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$RS/times-$w.txt")"
  done
fi
