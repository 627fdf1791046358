#!/usr/bin/env bash
# Builds target/postroom.jar when it is missing or older than the sources, then runs it with a
# JDK 21 or newer (scripts/java.sh finds one). Configuration comes from the environment, e.g.
#   POSTROOM_DOMAIN=example.org POSTROOM_ADMIN_PASSWORD='a-long-secret' bash scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh
if [ ! -f target/postroom.jar ] || [ -n "$(find pom.xml src/main webapp db -newer target/postroom.jar -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests
fi
exec java -jar target/postroom.jar "$@"
