#!/usr/bin/env bash
# Real Redmine 5 for Spacetime's tests: Debian 12 packages, SQLite, Puma on 127.0.0.1.
# Usage: scripts/redmine/redmine.sh install|start|seed [N]|seed-bench [N]|seed-scenario|reseed-scenario|stop|status|up [N]
# See scripts/redmine/README.md and /work/shared/reference/redmine.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=../lib/daemon.sh
. "$SCRIPT_DIR/../lib/daemon.sh"
STATE_DIR="${SPACETIME_STATE_DIR:-$ROOT_DIR/.cache/redmine}"
REDMINE_DIR="${REDMINE_DIR:-/usr/share/redmine}"
REDMINE_PORT="${REDMINE_PORT:-3000}"
REDMINE_URL="http://127.0.0.1:${REDMINE_PORT}"
REDMINE_PROJECT="${REDMINE_PROJECT:-ops}"
# The outage scenario (tools/scenario) lives in its own project; the data and its summary go to the state dir.
SCENARIO_PROJECT="${SCENARIO_PROJECT:-shop}"
SCENARIO_DATA="$STATE_DIR/$SCENARIO_PROJECT-scenario-tickets.json"
SCENARIO_SUMMARY="$STATE_DIR/$SCENARIO_PROJECT-scenario.json"
START_TIMEOUT="${REDMINE_START_TIMEOUT:-120}"
DB_YML=/etc/redmine/default/database.yml
PID_FILE="$STATE_DIR/puma.pid"
LOG_FILE="$STATE_DIR/puma.log"
ENV_FILE="$STATE_DIR/env"
APT=(apt-get -o DPkg::Lock::Timeout=600 -y -q)
export BUNDLE_SILENCE_ROOT_WARNING=1

log() { printf '[redmine] %s\n' "$*" >&2; }
die() { printf '[redmine] ERROR: %s\n' "$*" >&2; exit 1; }

need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (apt, /etc/redmine, /usr/share/redmine)"; }

pkg_ok() { # all given packages installed and configured
  local p
  for p in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || return 1
  done
}

# ---------------------------------------------------------------- install
fix_rubygems_integration() {
  # bookworm's bundler treats a Debian gem without gems/<name>-<version>/ as deleted, and
  # redmine's postinst then fails ("Could not find rotp-6.2.0.gem"): create the empty dirs.
  ruby -rfileutils -e '
    Gem::Specification.each do |s|
      next if s.default_gem?
      p = s.full_gem_path
      FileUtils.mkdir_p(p) if p.include?("rubygems-integration") && !File.exist?(p)
    end'
}

cmd_install() {
  need_root
  mkdir -p "$STATE_DIR"
  if ! pkg_ok redmine redmine-sqlite puma curl; then
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get update"
    "${APT[@]}" update >/dev/null
    debconf-set-selections <<'EOF'
redmine redmine/current-instances string default
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
redmine redmine/instances/default/default-language select en
EOF
    # Dependencies first (without redmine itself), so the gem fix can run before its postinst.
    local deps
    deps=$(apt-get -s --no-install-recommends install redmine redmine-sqlite puma curl \
      | awk '/^Inst /{print $2}' | grep -vx -e redmine -e redmine-sqlite || true)
    if [[ -n "$deps" ]]; then
      log "installing $(wc -w <<<"$deps") dependency packages"
      # shellcheck disable=SC2086
      "${APT[@]}" install --no-install-recommends $deps >/dev/null
    fi
    fix_rubygems_integration
    case "$(dpkg-query -W -f='${db:Status-Status}' redmine 2>/dev/null || true)" in
      unpacked | half-configured | triggers-awaited | triggers-pending)
        # A earlier install failed in postinst (before the gem fix): finish it now.
        log "redmine is unpacked but not configured: running dpkg --configure -a"
        dpkg --configure -a
        ;;
    esac
    log "installing redmine redmine-sqlite (postinst migrates the DB; ~30 s)"
    "${APT[@]}" install --no-install-recommends redmine redmine-sqlite puma curl >/dev/null
    pkg_ok redmine redmine-sqlite puma curl || die "redmine packages not installed correctly (see dpkg -l redmine)"
  else
    log "packages already installed"
  fi

  # Puma via Gemfile.local (the Gemfile has no server gem, so `rails server` does not work).
  if ! grep -qs "gem 'puma'" "$REDMINE_DIR/Gemfile.local" \
     || ! grep -qsE '^    puma \(' "$REDMINE_DIR/Gemfile.lock"; then
    log "adding puma to $REDMINE_DIR/Gemfile.local"
    fix_rubygems_integration
    grep -qs "gem 'puma'" "$REDMINE_DIR/Gemfile.local" || echo "gem 'puma'" >>"$REDMINE_DIR/Gemfile.local"
    (cd "$REDMINE_DIR" && bundle install --local >/dev/null)
  fi

  # SQLite under concurrent requests throws BusyException: wait for the lock.
  if ! grep -qE '^\s*timeout:' "$DB_YML"; then
    log "adding 'timeout: 5000' to $DB_YML"
    sed -i -E 's/^(\s*)encoding:.*$/&\n\1timeout: 5000/' "$DB_YML"
    grep -qE '^\s*timeout:' "$DB_YML" || die "could not add timeout to $DB_YML"
  fi

  # One request at a time (SQLite) and quiet logs.
  local extra="$REDMINE_DIR/config/additional_environment.rb"
  if ! grep -qs 'Rack::Lock' "$extra"; then
    log "adding Rack::Lock to $extra"
    echo 'config.middleware.insert_before 0, Rack::Lock' >>"$extra"
  fi
  if ! grep -qs 'config.log_level' "$extra"; then
    echo 'config.log_level = :warn' >>"$extra"
  fi
  log "install done"
}

# ---------------------------------------------------------------- helpers
puma_pid() { daemon_pid "$PID_FILE" puma; } # prints the PID when our Puma is running

http_code() { curl -s -o /dev/null -m 10 -w '%{http_code}' "$@" || true; }

env_get() { # KEY from the env file
  [[ -f "$ENV_FILE" ]] || return 1
  sed -n "s/^$1=//p" "$ENV_FILE" | tail -n1
}

# Issue count in a project (default $REDMINE_PROJECT) over REST (prints nothing on failure or without the project).
ticket_count() {
  local key
  key=$(env_get REDMINE_API_KEY) || return 0
  curl -s -m 20 -H "X-Redmine-API-Key: $key" \
    "$REDMINE_URL/issues.json?status_id=*&limit=1&project_id=${1:-$REDMINE_PROJECT}" \
    | sed -n 's/.*"total_count":\([0-9]*\).*/\1/p'
}

runner() { # run a .rb file with rails runner inside Redmine (UTC, state dir and URL in ENV)
  (cd "$REDMINE_DIR" && TZ=UTC SPACETIME_STATE_DIR="$STATE_DIR" REDMINE_URL="$REDMINE_URL" \
     REDMINE_PROJECT="$REDMINE_PROJECT" bundle exec rails runner -e production "$@")
}

scenario_runner() { # a .rb file with rails runner for the scenario's project
  (cd "$REDMINE_DIR" && TZ=UTC SPACETIME_STATE_DIR="$STATE_DIR" REDMINE_PROJECT="$SCENARIO_PROJECT" \
     SCENARIO_FILE="$SCENARIO_DATA" bundle exec rails runner -e production "$@")
}

configure_stamp() {
  { cat "$SCRIPT_DIR/configure.rb" "$SCRIPT_DIR/list_field.rb"; echo "$REDMINE_URL $REDMINE_PROJECT"; } | sha256sum | cut -c1-16
}

# True when the running server is configured as the current configure.rb would leave it.
configured() {
  local key
  [[ -f "$STATE_DIR/configure.stamp" && "$(cat "$STATE_DIR/configure.stamp")" == "$(configure_stamp)" ]] || return 1
  key=$(env_get REDMINE_API_KEY) || return 1
  [[ -z "${REDMINE_API_KEY:-}" || "$REDMINE_API_KEY" == "$key" ]] || return 1
  [[ "$(http_code -H "X-Redmine-API-Key: $key" "$REDMINE_URL/users/current.json")" == 200 ]]
}

run_configure() {
  log "configuring (REST API, API key, project $REDMINE_PROJECT, categories, custom fields)"
  runner "$SCRIPT_DIR/configure.rb"
  configure_stamp >"$STATE_DIR/configure.stamp"
}

# ---------------------------------------------------------------- start / stop / status
cmd_start() {
  mkdir -p "$STATE_DIR"
  [[ -d "$REDMINE_DIR" ]] || die "$REDMINE_DIR not found: run '$0 install' first"
  local pid started=0 cfg_pid=""
  if pid=$(puma_pid); then
    log "already running (pid $pid) on $REDMINE_URL"
  else
    rm -f "$PID_FILE"
    if [[ "$(http_code "$REDMINE_URL/")" != 000 ]]; then
      die "port $REDMINE_PORT already answers but not from a Puma started by this script (no live pid in $PID_FILE)"
    fi
    log "starting Puma on $REDMINE_URL (log: $LOG_FILE)"
    # bundle exec execs too, so the PID in the file is Puma's.
    daemon_start "$REDMINE_DIR" "$PID_FILE" "$LOG_FILE" \
      bundle exec puma -e production -t 4:4 -b "tcp://127.0.0.1:${REDMINE_PORT}" config.ru
    started=1
  fi

  # Configure while Puma boots (both take ~5 s to load Rails).
  if [[ $started == 1 ]] || ! configured; then
    run_configure &
    cfg_pid=$!
  fi

  local deadline=$((SECONDS + START_TIMEOUT)) code
  while :; do
    code=$(http_code "$REDMINE_URL/")
    [[ "$code" =~ ^[23] ]] && break
    # Only the process's exit counts here: while bundler execs into Puma, /proc/PID/cmdline can be briefly empty.
    if ! kill -0 "$(cat "$PID_FILE" 2>/dev/null)" 2>/dev/null; then
      [[ -n "$cfg_pid" ]] && wait "$cfg_pid" || true
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "Puma exited during start; see $LOG_FILE"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$LOG_FILE" >&2 || true
      die "Redmine did not answer GET $REDMINE_URL/ within ${START_TIMEOUT}s (last HTTP code $code); see $LOG_FILE"
    fi
    sleep 0.5
  done
  [[ $started == 1 ]] && log "Puma answers (pid $(cat "$PID_FILE"))"
  if [[ -n "$cfg_pid" ]]; then
    wait "$cfg_pid" || die "configure.rb failed (output above)"
  else
    log "configuration is current (skipping configure.rb)"
  fi
  log "ready: $REDMINE_URL (settings in $ENV_FILE)"
}

cmd_stop() { daemon_stop "$PID_FILE" puma Puma; }

cmd_status() {
  local pid
  if pid=$(puma_pid); then
    local n
    n=$(ticket_count)
    echo "running (pid $pid)"
    echo "url: $REDMINE_URL"
    echo "project: $REDMINE_PROJECT, tickets: ${n:-unknown}"
    n=$(ticket_count "$SCENARIO_PROJECT")
    if [[ -n "$n" ]]; then echo "scenario project: $SCENARIO_PROJECT, tickets: $n"; fi
  else
    echo "not running"
    echo "url: $REDMINE_URL"
    return 3
  fi
}

# ---------------------------------------------------------------- seed
cmd_seed() {
  local n="${1:-600}"
  [[ "$n" =~ ^[0-9]+$ ]] || die "seed count must be a number, got '$n'"
  local have=""
  # Fast path over REST when the server runs; seed.rb checks the count itself anyway.
  puma_pid >/dev/null && have=$(ticket_count)
  if [[ -n "$have" && "$have" -ge "$n" ]]; then
    log "project $REDMINE_PROJECT already has $have tickets (>= $n): nothing to seed"
    return 0
  fi
  log "seeding project $REDMINE_PROJECT up to $n tickets (has ${have:-?})"
  SEED_COUNT="$n" runner "$SCRIPT_DIR/seed.rb"
}

# The refresh benchmark's tickets: project "bench", opened 30-37 days ago (outside the default sync window,
# so the tests' backfills do not load them).
cmd_seed_bench() {
  local n="${1:-10000}"
  [[ "$n" =~ ^[0-9]+$ ]] || die "seed count must be a number, got '$n'"
  log "seeding project bench up to $n tickets, 30-37 days old"
  (cd "$REDMINE_DIR" && TZ=UTC bundle exec rails runner -e production "$SCRIPT_DIR/bench-project.rb")
  (cd "$REDMINE_DIR" && TZ=UTC REDMINE_PROJECT=bench SEED_COUNT="$n" SEED_OFFSET_DAYS=30 SPACETIME_STATE_DIR= \
     bundle exec rails runner -e production "$SCRIPT_DIR/seed.rb")
}

# The outage scenario: generated now (tools/scenario, end = now rounded down to the minute), bulk-loaded into
# project $SCENARIO_PROJECT, checked over REST. Nothing when the project already has tickets.
cmd_seed_scenario() {
  local have=""
  puma_pid >/dev/null && have=$(ticket_count "$SCENARIO_PROJECT")
  if [[ -n "$have" && "$have" -gt 0 ]]; then
    log "project $SCENARIO_PROJECT already has $have tickets: nothing to seed ('reseed-scenario' replaces them)"
    return 0
  fi
  command -v node >/dev/null || die "node not found: the scenario generator (tools/scenario) needs Node 20+"
  [[ -x "$ROOT_DIR/node_modules/.bin/tsx" ]] || die "no $ROOT_DIR/node_modules/.bin/tsx: run 'npm ci' first"
  log "generating the scenario into $SCENARIO_DATA"
  # Three days by default: the alert rules compare with the seasonal normal of the days before (a day at least).
  (cd "$ROOT_DIR" && node_modules/.bin/tsx tools/scenario/cli.ts --out "$SCENARIO_DATA" --hours "${SCENARIO_HOURS:-72}" \
     ${SCENARIO_SEED:+--seed "$SCENARIO_SEED"})
  log "loading it into project $SCENARIO_PROJECT"
  scenario_runner "$SCRIPT_DIR/load-scenario.rb"
  if puma_pid >/dev/null; then
    [[ -f "$SCENARIO_SUMMARY" ]] || die "no $SCENARIO_SUMMARY after loading"
    local key
    key=$(env_get REDMINE_API_KEY) || die "no REDMINE_API_KEY in $ENV_FILE"
    (cd "$ROOT_DIR" && REDMINE_URL="$REDMINE_URL" REDMINE_API_KEY="$key" \
       node_modules/.bin/tsx tools/scenario/verify-redmine.ts "$SCENARIO_SUMMARY")
  else
    log "Redmine is not running: REST check skipped"
  fi
}

# For local use: a scenario seeded hours ago no longer ends "now". Drops the project's issues and seeds a fresh one.
cmd_reseed_scenario() {
  [[ "$SCENARIO_PROJECT" != "$REDMINE_PROJECT" ]] || die "SCENARIO_PROJECT must not be the tests' project $REDMINE_PROJECT"
  log "dropping the issues of project $SCENARIO_PROJECT"
  scenario_runner "$SCRIPT_DIR/drop-issues.rb"
  rm -f "$SCENARIO_SUMMARY"
  cmd_seed_scenario
}

cmd_up() {
  cmd_install
  cmd_start
  cmd_seed "${1:-600}"
  cmd_status
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  seed) cmd_seed "${2:-600}" ;;
  seed-bench) cmd_seed_bench "${2:-10000}" ;;
  seed-scenario) cmd_seed_scenario ;;
  reseed-scenario) cmd_reseed_scenario ;;
  up) cmd_up "${2:-600}" ;;
  *)
    echo "usage: $0 install|start|seed [N]|seed-bench [N]|seed-scenario|reseed-scenario|stop|status|up [N]" >&2
    exit 2
    ;;
esac
