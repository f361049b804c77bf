# Helpers shared by testbed/setup, testbed/up and testbed/down (sourced, not executed).
# shellcheck shell=bash
testbed_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$testbed_dir/versions.env"
cache_dir=${BULKHEAD_CACHE:-$HOME/.cache/bulkhead}

log() { echo "[testbed $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The folder of symlinks testbed/build-binaries fills (BULKHEAD_TESTBED_BIN overrides it).
binaries_dir() {
  echo "${BULKHEAD_TESTBED_BIN:-$cache_dir/bin/testbed-k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION}"
}

# unleash-server installed by testbed/setup, keyed by the lock file's content.
unleash_dir() {
  local hash
  hash=$(sha256sum "$testbed_dir/unleash/package-lock.json" | cut -c1-12)
  echo "$cache_dir/unleash-$UNLEASH_VERSION-$hash"
}

prometheus_bin() {
  local p
  for p in "$(command -v prometheus || true)" /usr/bin/prometheus; do
    if [ -n "$p" ] && [ -x "$p" ]; then echo "$p"; return 0; fi
  done
  return 1
}

# PostgreSQL server binaries: the newest Debian versioned folder, else whatever is on PATH.
pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  done
  d=$(command -v initdb || true)
  if [ -n "$d" ] && [ -x "$(dirname "$d")/pg_ctl" ]; then dirname "$d"; return 0; fi
  return 1
}

# A TCP port nothing listens on at 127.0.0.1, not handed out before by this process.
declare -A _ports_taken=()
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))   # below the usual ephemeral range (32768+)
    [ -n "${_ports_taken[$p]:-}" ] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      _ports_taken[$p]=1; echo "$p"; return 0
    fi
  done
  die "no free port found"
}

# wait_for <seconds> <description> <command...>: polls every 0.2 s until the command succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "timed out after ${timeout}s waiting for $what"; return 1; fi
    sleep 0.2
  done
}

# Milliseconds since the epoch, for timings.
now_ms() { date +%s%3N; }

# The kernel's start time of a process (field 22 of /proc/PID/stat), recorded beside each PID so that testbed/down
# never signals an unrelated process that reused the PID of one long gone. Empty where /proc is missing.
proc_start() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}
