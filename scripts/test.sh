#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the Debian packages the tests use (Chromium,
# chromedriver, Postfix, dnsmasq, PostgreSQL, swaks, python3-dkim), then runs unit tests,
# Arquillian tests on Payara Micro, black-box tests against target/postroom.jar with real peers on
# loopback, and browser tests in headless Chromium. Extra arguments go to Maven
# (e.g. -Dit.test=WebmailBrowserIT).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
export SE_OFFLINE=true   # Selenium Manager never goes online; chromedriver comes from Debian
exec mvn -B verify "$@"
