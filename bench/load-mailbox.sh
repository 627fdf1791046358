#!/usr/bin/env bash
# Fills one mailbox with generated mail through the admin import API (the path an admin uses to
# migrate mail): N messages from bench/gen-mbox.py, posted as mbox chunks of CHUNK messages.
# The next chunk is generated while the current one is imported. START skips chunks already loaded.
# Usage: bench/load-mailbox.sh BASE_URL USER_ADDRESS [N=100000] [CHUNK=1000] [START=0]
# Admin credentials: ADMIN (default postmaster@example.test:postmaster-secret-1).
set -euo pipefail
BASE=${1:?base URL}
USER_ADDRESS=${2:?mailbox address}
N=${3:-100000}
CHUNK=${4:-1000}
START=${5:-0}
ADMIN=${ADMIN:-postmaster@example.test:postmaster-secret-1}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../scripts/java.sh"   # a JDK 21+ for Payara Micro 7
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
case "$BASE" in http://127.*|http://localhost*) ;; *) echo "loopback only" >&2; exit 2;; esac
curl -s -o /dev/null -u "$ADMIN" -H 'Content-Type: application/json' \
  -d "{\"address\":\"$USER_ADDRESS\",\"password\":\"bench-password-1\",\"displayName\":\"Bench\"}" \
  "$BASE/api/admin/users" || true
gen() { # chunk-number count file
  python3 "$HERE/gen-mbox.py" -n "$2" --seed "bench-$1" --format mbox --max-kb 48 \
    --rcpt-domain example.test -q -o "$3"
}
start=$(date +%s)
i=$START
done_n=$(( START * CHUNK ))
next=$(( N - done_n < CHUNK ? N - done_n : CHUNK ))
[ "$next" -gt 0 ] && gen "$i" "$next" "$TMP/$i.mbox"
while [ "$done_n" -lt "$N" ]; do
  n=$next
  after=$(( done_n + n ))
  next=$(( N - after < CHUNK ? N - after : CHUNK ))
  pid=
  if [ "$next" -gt 0 ]; then gen $(( i + 1 )) "$next" "$TMP/$(( i + 1 )).mbox" & pid=$!; fi
  code=$(curl -s -o "$TMP/answer" -w '%{http_code}' -u "$ADMIN" -H 'Content-Type: application/mbox' \
    --data-binary @"$TMP/$i.mbox" "$BASE/api/admin/users/$USER_ADDRESS/messages")
  if [ "$code" != 201 ]; then echo "chunk $i: HTTP $code $(cat "$TMP/answer")" >&2; exit 1; fi
  rm -f "$TMP/$i.mbox"
  [ -n "$pid" ] && wait "$pid"
  done_n=$after; i=$(( i + 1 ))
  echo "$(date +%T) chunk $i: $done_n messages, $(( (done_n - START * CHUNK) / ( $(date +%s) - start + 1 ) )) msg/s"
done
