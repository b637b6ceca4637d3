# Start, find and stop a test server by the PID in a file: sourced by scripts/redmine/redmine.sh and
# scripts/rt/rt.sh, which define log().

# daemon_pid PID_FILE NAME: prints the PID in PID_FILE when that process is alive and its command line holds NAME.
daemon_pid() {
  local pid_file=$1 name=$2 pid
  [[ -f "$pid_file" ]] || return 1
  pid=$(cat "$pid_file" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -qa -- "$name" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# daemon_start DIR PID_FILE LOG_FILE COMMAND...: runs COMMAND in DIR (TZ=UTC) in the background, appending
# its output to LOG_FILE, and waits (up to 5 s) for PID_FILE to be written.
# setsid: its own session, so the server outlives the calling shell/job. The inner shell writes its own PID
# and then execs, so the PID in the file is the server's. Descriptors above 2 are closed so that the server
# holds none of the caller's pipes.
daemon_start() {
  local dir=$1 pid_file=$2 log_file=$3
  shift 3
  rm -f "$pid_file"
  (cd "$dir" && TZ=UTC exec setsid bash -c '
      echo $$ >"$0"
      for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
      exec "$@"' "$pid_file" "$@") \
    >>"$log_file" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 100; i++)); do [[ -s "$pid_file" ]] && break; sleep 0.05; done
}

# daemon_stop PID_FILE NAME WHAT: stops the server daemon_pid finds (TERM, then KILL after 30 s); WHAT names
# it in the log. Idempotent.
daemon_stop() {
  local pid_file=$1 name=$2 what=$3 pid
  if ! pid=$(daemon_pid "$pid_file" "$name"); then
    rm -f "$pid_file"
    log "not running (no live pid in $pid_file)"
    return 0
  fi
  log "stopping $what (pid $pid)"
  kill -TERM "$pid"
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s: sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pid_file"
  log "stopped"
}
