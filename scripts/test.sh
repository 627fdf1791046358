#!/usr/bin/env bash
# The whole test suite on a fresh machine, in two stages (extra arguments go to Maven in both, e.g.
# -Dit.test=WebmailBrowserIT):
#   1. fast, no peers, nothing installed: formatting checked (spotless:check), then the unit tests
#      and the architecture tests; a failure here stops the run within a few minutes;
#   2. the Debian packages the integration tests use (Chromium, chromedriver, Postfix, dnsmasq,
#      rspamd, redis-server, PostgreSQL, swaks, python3-dkim, pebble) installed when missing, then the shipped jar built and the
#      integration tests run: Arquillian on Payara Micro, black-box tests against
#      target/postroom.jar with real peers on loopback, browser tests in headless Chromium.
# Maven comes from the wrapper (./mvnw), so the machine needs only a JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
export SE_OFFLINE=true   # Selenium Manager never goes online; chromedriver comes from Debian
stage() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

start=$(date +%s)
stage "stage 1: formatting, unit and architecture tests"
./mvnw -B spotless:check "$@"
./mvnw -B test "$@"
fast=$(( $(date +%s) - start ))

stage "stage 2: test packages, then the integration tests"
bash scripts/install-test-deps.sh
./mvnw -B verify -DskipUnitTests "$@"
echo "test.sh: stage 1 took ${fast} s, everything $(( $(date +%s) - start )) s"
