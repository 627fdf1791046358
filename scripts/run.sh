#!/usr/bin/env bash
# Builds target/postroom.jar when it is missing or older than the sources, then runs it with a
# JDK 21 or newer (scripts/java.sh finds one). Configuration comes from the environment, e.g.
#   POSTROOM_DOMAIN=example.org POSTROOM_ADMIN_PASSWORD='a-long-secret' bash scripts/run.sh
# On Java 25+ the first run trains an ahead-of-time cache (target/aot/) that later starts use
# (scripts/aot.sh); POSTROOM_AOT=off runs without it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh
. scripts/aot.sh
if [ ! -f target/postroom.jar ] || [ -n "$(find pom.xml src/main webapp db -newer target/postroom.jar -print -quit)" ]; then
  ./mvnw -B -q package -DskipTests
fi
mapfile -t aot < <(postroom_aot_options target/postroom.jar)
exec java "${aot[@]}" -jar target/postroom.jar "$@"
