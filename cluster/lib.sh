# Process helpers shared by up.sh, apiserver.sh and down.sh (sourced).
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

# alive NAME: the process recorded in $STATE/NAME.pid runs and is the binary we started
alive() {
  local pidfile="$STATE/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

# stop NAME MATCH: SIGTERM the recorded process (only if it is ours), wait, then SIGKILL
stop() {
  local name="$1" match="$2" pid
  if alive "$name" "$match"; then
    pid="$(cat "$STATE/$name.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -d "/proc/$pid" ] || break
      sleep 0.1
    done
    [ -d "/proc/$pid" ] && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/$name.pid"
}

# launch NAME CMD...: start CMD detached (own session), output to $STATE/NAME.log
launch() {
  local name="$1"
  shift
  # 8>&- 9>&-: the child must not inherit (and so hold) the scripts' flock descriptors
  setsid "$@" >"$STATE/$name.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$STATE/$name.pid"
}
