#!/usr/bin/env bash
# Real Request Tracker 5 for Spacetime's tests: Debian 12 packages, SQLite, RT's own server on 127.0.0.1.
# Usage: scripts/rt/rt.sh install|start|configure|seed [N]|stop|status|up [N]
# See scripts/rt/README.md and /work/shared/reference/request-tracker.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=../lib/daemon.sh
. "$SCRIPT_DIR/../lib/daemon.sh"
STATE_DIR="${RT_STATE_DIR:-$ROOT_DIR/.cache/rt}"
RT_PORT="${RT_PORT:-8480}"
RT_URL="http://127.0.0.1:${RT_PORT}"
RT_USER="${RT_USER:-spacetime}"
RT_WORKERS="${RT_WORKERS:-3}"
START_TIMEOUT="${RT_START_TIMEOUT:-120}"
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_DB=/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb
SITE_CONFIG=/etc/request-tracker5/RT_SiteConfig.d/90-spacetime.pm
PID_FILE="$STATE_DIR/rt.pid"
LOG_FILE="$STATE_DIR/rt.log"
TOKEN_FILE="$STATE_DIR/token"
ENV_FILE="$STATE_DIR/env"
PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone curl)
APT=(apt-get -o DPkg::Lock::Timeout=600 -y -q)

log() { printf '[rt] %s\n' "$*" >&2; }
die() { printf '[rt] ERROR: %s\n' "$*" >&2; exit 1; }
need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (apt, /etc/request-tracker5, RT's database)"; }

pkg_ok() {
  local p
  for p in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || return 1
  done
}

# RT's Perl API in one process (UTC; RT's own warnings about optional HTML converters dropped).
rt_perl() {
  (cd "$STATE_DIR" && TZ=UTC RT_TOKEN_FILE="$TOKEN_FILE" RT_USER="$RT_USER" perl "$@" 2> >(grep -v 'internal HTML converter' >&2))
}

# ---------------------------------------------------------------- install
cmd_install() {
  need_root
  mkdir -p "$STATE_DIR"
  if ! pkg_ok "${PACKAGES[@]}"; then
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get update"
    "${APT[@]}" update >/dev/null
    # SQLite through dbconfig-common: the postinst creates the database with RT's initial data.
    debconf-set-selections <<'DEB'
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/initial-root-password password password
DEB
    log "installing ${PACKAGES[*]} (~260 packages with perl and exim4)"
    "${APT[@]}" install --no-install-recommends "${PACKAGES[@]}" >/dev/null
    pkg_ok "${PACKAGES[@]}" || die "RT packages not installed correctly (see dpkg -l request-tracker5)"
  else
    log "packages already installed"
  fi
  [[ -s "$RT_DB" ]] || die "RT's database $RT_DB was not created by the package (dbconfig-common)"
  write_site_config
  log "install done"
}

# Listen address and links (WebBaseURL builds the _url of REST answers), UTC, logs to the server's stderr,
# mail into mbox files instead of exim (nothing leaves the machine).
write_site_config() {
  local want
  want=$(cat <<CFG
# Written by Spacetime's scripts/rt/rt.sh; overrides 50-debconf.pm.
Set(\$WebPath, '');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, ${RT_PORT});
Set(\$WebBaseURL, '${RT_URL}');
Set(\$Timezone, 'UTC');
Set(\$LogToSTDERR, 'warning');
Set(\$LogToSyslog, undef);
Set(\$MailCommand, 'mbox');
1;
CFG
)
  if [[ "$(cat "$SITE_CONFIG" 2>/dev/null || true)" != "$want" ]]; then
    log "writing $SITE_CONFIG"
    printf '%s\n' "$want" >"$SITE_CONFIG"
    chmod 0640 "$SITE_CONFIG"
    chgrp www-data "$SITE_CONFIG" 2>/dev/null || true
  fi
}

# ---------------------------------------------------------------- helpers
rt_pid() { daemon_pid "$PID_FILE" rt-server; } # prints the PID when our RT server is running

http_code() { curl -s -o /dev/null -m 10 -w '%{http_code}' "$@" || true; }

token() { [[ -s "$TOKEN_FILE" ]] && head -n1 "$TOKEN_FILE"; }

# Tickets in the test queues over REST (prints nothing on failure).
ticket_count() {
  local t
  t=$(token) || return 0
  curl -s -m 20 -G -H "Authorization: token $t" "$RT_URL/REST/2.0/tickets" \
    --data-urlencode "query=Queue = 'Ops' OR Queue = 'Support'" --data-urlencode per_page=1 \
    | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p' | head -n1
}

write_env() {
  local t
  t=$(token) || die "no auth token in $TOKEN_FILE"
  cat >"$ENV_FILE" <<ENV
RT_URL=$RT_URL
RT_TOKEN=$t
RT_USER=$RT_USER
RT_QUEUE=Ops
RT_QUEUES=Ops,Support
RT_DB=$RT_DB
RT_SCRIPTS=$SCRIPT_DIR
RT_STATE_DIR=$STATE_DIR
ENV
  chmod 0600 "$ENV_FILE"
}

cmd_configure() {
  log "configuring (queues Ops and Support, custom fields Service/Region/Severity, user $RT_USER, auth token)"
  rt_perl "$SCRIPT_DIR/configure.pl"
  write_env
}

# ---------------------------------------------------------------- start / stop / status
cmd_start() {
  mkdir -p "$STATE_DIR"
  [[ -x "$RT_SERVER" ]] || die "$RT_SERVER not found: run '$0 install' first"
  write_site_config
  local pid
  if pid=$(rt_pid); then
    log "already running (pid $pid) on $RT_URL"
  else
    rm -f "$PID_FILE"
    [[ "$(http_code "$RT_URL/")" == 000 ]] \
      || die "port $RT_PORT already answers but not from an RT started by this script (no live pid in $PID_FILE)"
    log "starting RT on $RT_URL (log: $LOG_FILE)"
    # The PID in the file is Starlet's master; its workers are its children.
    daemon_start "$STATE_DIR" "$PID_FILE" "$LOG_FILE" \
      perl "$RT_SERVER" --host 127.0.0.1 --port "$RT_PORT" --max-workers "$RT_WORKERS"
  fi
  local deadline=$((SECONDS + START_TIMEOUT)) code
  while :; do
    code=$(http_code "$RT_URL/REST/2.0/rt")
    [[ "$code" =~ ^(200|401)$ ]] && break
    if ! kill -0 "$(cat "$PID_FILE" 2>/dev/null)" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "RT exited during start; see $LOG_FILE"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$LOG_FILE" >&2 || true
      die "RT did not answer GET $RT_URL/REST/2.0/rt within ${START_TIMEOUT}s (last HTTP code $code); see $LOG_FILE"
    fi
    sleep 0.3
  done
  local t
  if ! t=$(token) || [[ "$(http_code -H "Authorization: token $t" "$RT_URL/REST/2.0/rt")" != 200 ]] || [[ ! -s "$ENV_FILE" ]]; then
    cmd_configure
  fi
  write_env
  log "ready: $RT_URL (pid $(cat "$PID_FILE"); settings in $ENV_FILE)"
}

cmd_stop() { daemon_stop "$PID_FILE" rt-server RT; }

cmd_status() {
  local pid
  if pid=$(rt_pid); then
    local n
    n=$(ticket_count)
    echo "running (pid $pid)"
    echo "url: $RT_URL"
    echo "queues Ops and Support, tickets: ${n:-unknown}"
  else
    echo "not running"
    echo "url: $RT_URL"
    return 3
  fi
}

# ---------------------------------------------------------------- seed
cmd_seed() {
  local n="${1:-300}"
  [[ "$n" =~ ^[0-9]+$ ]] || die "seed count must be a number, got '$n'"
  log "seeding queues Ops and Support up to $n tickets"
  SEED_COUNT="$n" rt_perl "$SCRIPT_DIR/seed.pl"
}

cmd_up() {
  cmd_install
  cmd_start
  cmd_seed "${1:-300}"
  cmd_status
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  configure) mkdir -p "$STATE_DIR"; cmd_configure ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  seed) cmd_seed "${2:-300}" ;;
  up) cmd_up "${2:-300}" ;;
  *)
    echo "usage: $0 install|start|configure|seed [N]|stop|status|up [N]" >&2
    exit 2
    ;;
esac
