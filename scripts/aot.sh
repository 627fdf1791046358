# Sourced by scripts/run.sh and bench/startup.sh after scripts/java.sh: postroom_aot_options JAR
# prints the JVM options for Java's ahead-of-time cache (JEP 483/514/515, Java 25+) of that jar,
# one per line, or nothing on an older Java or with POSTROOM_AOT=off.
#   - no cache for this jar yet: -XX:AOTCacheOutput, so this run trains one; the JVM writes it when
#     the server stops (a few seconds more at the stop, once);
#   - a cache for this jar: -XX:AOTCache, about a fifth less start time.
# The cache's name carries the jar's size and modification time, because the JVM does not notice a
# rebuilt jar of the same size and would run classes from the old one (ADR 0089); a cache of any
# other build is deleted.
postroom_aot_options() {
  local jar=$1 dir key cache
  [ "${POSTROOM_AOT:-on}" != off ] || return 0
  [ "$(postroom_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null || return 0
  dir="$(dirname "$jar")/aot"
  key=$(stat -c '%s-%Y' "$jar")
  cache="$dir/$(basename "$jar" .jar)-$key.aot"
  if [ -s "$cache" ]; then
    echo "-XX:AOTCache=$cache"
  else
    mkdir -p "$dir"
    rm -f "$dir"/*.aot
    echo "-XX:AOTCacheOutput=$cache"
  fi
}
