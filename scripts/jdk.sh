# Finds a JDK 25 or newer; sourced by ./groundwork and .ci/run.
#
# Looks at JAVA_HOME, then the java on the PATH, then the usual install locations, and prints the
# home of the newest JDK >= 25 it finds. Prints what to install, and fails, when there is none.

groundwork_required_java=25

# The feature version (e.g. 25) of the JDK at $1, or nothing.
groundwork_jdk_version() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$version"
}

groundwork_java_home() {
  local candidate best="" best_version=0 version
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  # JAVA_HOME wins when it is new enough; otherwise the newest suitable JDK found.
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(groundwork_jdk_version "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge "$groundwork_required_java" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in "${candidates[@]}"; do
    version=$(groundwork_jdk_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$groundwork_required_java" ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate
      best_version=$version
    fi
  done
  if [ -z "$best" ]; then
    echo "Groundwork needs a JDK $groundwork_required_java or newer, and none was found (JAVA_HOME," >&2
    echo "the java on the PATH, /usr/lib/jvm, /opt/java, ~/.sdkman). Install one, e.g. Eclipse Temurin 25," >&2
    echo "and set JAVA_HOME to it." >&2
    return 1
  fi
  echo "$best"
}
