#!/usr/bin/env bash
# Prints the plans of the reading queries (bench/query-plans.sql).
#   bench/query-plans.sh h2 DATA_DIR ACCOUNT_ADDRESS   # a stopped server's H2 database
#   bench/query-plans.sh pg PORT                        # PostgreSQL on loopback with synthetic data
#     (bench/pg-synthetic.sql: 100,000 messages, the same schema from db/)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../scripts/java.sh"   # a JDK 21+ for Payara Micro 7
fill() { # sql account inbox at id word rare (a list's first page starts below :top_at, as Cursor.TOP)
  sed -e "s/:top_at/TIMESTAMP WITH TIME ZONE '9999-12-31 00:00:00+00'/g" -e "s/:account/$2/g" -e "s/:inbox/$3/g" -e "s/:cursor_at/$4/g" -e "s/:cursor_id/$5/g" \
      -e "s/:word/'$6'/g" -e "s/:rare/'$7'/g" "$1"
}
case "${1:-}" in
  h2)
    DATA=${2:?data dir}; ADDR=${3:?account}
    H2=$(find ~/.m2 -name 'h2-2.2.224.jar' | head -1)
    URL="jdbc:h2:file:$DATA/db/postroom"
    q() { java -cp "$H2" org.h2.tools.Shell -url "$URL" -user postroom -password postroom -sql "$1"; }
    ACC=$(q "select id from account where address = '$ADDR'" | sed -n 2p | tr -d ' ')
    INBOX=$(q "select id from folder where account_id = $ACC and role = 'INBOX'" | sed -n 2p | tr -d ' ')
    ROW=$(q "select received_at, id from message where folder_id = $INBOX and thread_head = true order by folder_id, thread_head, received_at desc, id desc offset 5000 rows fetch next 1 row only" | sed -n 2p)
    AT="TIMESTAMP WITH TIME ZONE '$(echo "$ROW" | cut -d'|' -f1 | xargs)'"
    ID=$(echo "$ROW" | cut -d'|' -f2 | tr -d ' ')
    RARE=$(q "select token from search_token where account_id = $ACC and token like 'n:%' fetch first 1 row only" | sed -n 2p | tr -d ' ')
    fill "$HERE/query-plans.sql" "$ACC" "$INBOX" "$AT" "$ID" budget "$RARE" | grep -v '^--' | while read -r stmt; do
      echo "-- $stmt" | cut -c1-220; q "$stmt" | sed 's/^/    /'
    done ;;
  pg)
    PORT=${2:?port}
    P() { psql -h 127.0.0.1 -p "$PORT" -U postroom -d postroom -X -q -A -t "$@"; }
    ROW=$(P -F'|' -c "select received_at, id from message where folder_id = 1 and thread_head order by received_at desc, id desc offset 5000 limit 1")
    fill "$HERE/query-plans.sql" 1 1 "TIMESTAMP WITH TIME ZONE '${ROW%%|*}'" "${ROW##*|}" budget rare0 \
      | grep -v '^--' | while read -r stmt; do echo "-- $stmt" | cut -c1-220; P -c "$stmt" | sed 's/^/    /'; done ;;
  *) echo "usage: $0 h2 DATA_DIR ADDRESS | pg PORT" >&2; exit 2 ;;
esac
