#!/usr/bin/env bash
# Screenshots of every webmail and admin page at 1440x900 and 390x844, light and dark, into
# target/screenshots/tour/ (not committed): builds the jar and runs PageTourIT, which also checks
# each page with axe-core. Needs what the integration tests need (scripts/install-test-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh   # a JDK 21+ for Payara Micro 7
export SE_OFFLINE=true
./mvnw -B verify -Dit.test=PageTourIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "$@"
ls target/screenshots/tour | wc -l | xargs -I{} echo "screenshots.sh: {} screenshots in target/screenshots/tour/"
