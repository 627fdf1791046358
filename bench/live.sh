#!/usr/bin/env bash
# Live pages: 1,000 open idle event streams against one server (H2), its CPU and memory while
# idle, and how long a change takes to reach every stream of an account. Needs target/postroom.jar.
# Usage: bash bench/live.sh [PAGES] [ACCOUNTS] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
PAGES=${1:-1000}; ACCOUNTS=${2:-50}; IDLE=${3:-60}
DIR=$(mktemp -d /tmp/postroom-live-XXXX)
ulimit -n 8192
echo "uptime before: $(uptime)"
B=$(bench/start-server.sh "$DIR")
trap 'kill "$(cat "$DIR/pid")" 2>/dev/null || true' EXIT
sleep 5
python3 bench/live-bench.py "$B" "$(cat "$DIR/pid")" --pages "$PAGES" --accounts "$ACCOUNTS" --idle "$IDLE"
echo "uptime after: $(uptime)"
