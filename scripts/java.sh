# Sourced by the scripts: points JAVA_HOME (and PATH) at a JDK 21 or newer, which Payara Micro 7
# needs. Takes JAVA_HOME if it is one, then the `java` on PATH, then the newest under /usr/lib/jvm.
# Stops with a clear message when there is none.
postroom_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}
postroom_pick_java() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(postroom_java_major "$c")" -ge 21 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME="$(postroom_pick_java)"; then
  echo "postroom: needs a JDK 21 or newer (Payara Micro 7); set JAVA_HOME to one" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
