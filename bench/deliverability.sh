#!/usr/bin/env bash
# Cost of sender authentication per message: DKIM signing, DKIM verification, and the MX's whole
# inbound check (SPF + DKIM + DMARC + Authentication-Results) against dnsmasq on 127.0.0.1.
# usage: bench/deliverability.sh [runs=5] [messages-per-run=200]   (prints medians)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.postroom.deliverability.DeliverabilityBench "$@"
