#!/usr/bin/env bash
# Real ClickHouse for Spacetime's log-engine tests: Debian 12's clickhouse-server (18.16), two shards on
# loopback ports and a Distributed table over them, plus a cluster whose second shard is down (nothing
# listens on its port) for the shard-down test.
# Usage: scripts/clickhouse/clickhouse.sh install|start|schema|stop|status|up|env
#   up = install + start + schema (idempotent). Writes $STATE_DIR/env for the tests.
# See /work/shared/reference/clickhouse.md and the README's "ClickHouse (operation logs)" section.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATE_DIR="${SPACETIME_CLICKHOUSE_DIR:-$ROOT_DIR/.cache/clickhouse}"
PORT_BASE="${CLICKHOUSE_PORT_BASE:-18120}"
DATABASE="${CLICKHOUSE_DATABASE:-spacetime}"
SHARDS=(1 2)
START_TIMEOUT="${CLICKHOUSE_START_TIMEOUT:-60}"
APT=(apt-get -o DPkg::Lock::Timeout=600 -y -q)

http_port() { echo $((PORT_BASE + $1)); }      # shard 1: 18121, shard 2: 18122
tcp_port() { echo $((PORT_BASE + 10 + $1)); }  # shard 1: 18131, shard 2: 18132; 18133 is the "down" shard
inter_port() { echo $((PORT_BASE + 20 + $1)); }
DOWN_TCP_PORT=$((PORT_BASE + 13))

log() { printf '[clickhouse] %s\n' "$*" >&2; }
die() { printf '[clickhouse] ERROR: %s\n' "$*" >&2; exit 1; }

pkg_ok() {
  local p
  for p in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || return 1
  done
}

cmd_install() {
  pkg_ok clickhouse-server clickhouse-client curl && return 0
  [[ $(id -u) -eq 0 ]] || die "must run as root to install Debian's clickhouse-server"
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install clickhouse-server clickhouse-client"
  "${APT[@]}" update >/dev/null
  "${APT[@]}" install --no-install-recommends clickhouse-server clickhouse-client curl >/dev/null
}

# The admin password is made once per state dir; the plugin's tests log in as "spacetime" with its own.
password_of() { # password_of <user>
  local f="$STATE_DIR/$1.password"
  [[ -s "$f" ]] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$f")
  cat "$f"
}

cluster_xml() {
  local s
  echo "    <remote_servers>"
  echo "        <spacetime>"
  for s in "${SHARDS[@]}"; do
    printf '            <shard><replica><host>127.0.0.1</host><port>%s</port><user>admin</user><password>%s</password></replica></shard>\n' \
      "$(tcp_port "$s")" "$(password_of admin)"
  done
  echo "        </spacetime>"
  echo "        <spacetime_shard_down>"
  printf '            <shard><replica><host>127.0.0.1</host><port>%s</port><user>admin</user><password>%s</password></replica></shard>\n' \
    "$(tcp_port 1)" "$(password_of admin)"
  printf '            <shard><replica><host>127.0.0.1</host><port>%s</port><user>admin</user><password>%s</password></replica></shard>\n' \
    "$DOWN_TCP_PORT" "$(password_of admin)"
  echo "        </spacetime_shard_down>"
  echo "    </remote_servers>"
}

write_config() { # write_config <shard>
  local s=$1 dir="$STATE_DIR/shard$1"
  mkdir -p "$dir/data" "$dir/log"
  # Debian's config with the paths, ports and cluster rewritten; no ::1 (the sandbox may lack IPv6).
  awk -v cluster="$(cluster_xml)" '
    /<remote_servers/ { skip = 1; print cluster }
    skip && /<\/remote_servers>/ { skip = 0; next }
    !skip { print }' /etc/clickhouse-server/config.xml |
    sed -e "s#/var/lib/clickhouse/#$dir/data/#g" \
      -e "s#/var/log/clickhouse-server/#$dir/log/#g" \
      -e "s#<http_port>[0-9]*</http_port>#<http_port>$(http_port "$s")</http_port>#" \
      -e "s#<tcp_port>[0-9]*</tcp_port>#<tcp_port>$(tcp_port "$s")</tcp_port>#" \
      -e "s#<interserver_http_port>[0-9]*</interserver_http_port>#<interserver_http_port>$(inter_port "$s")</interserver_http_port>#" \
      -e "s#<mark_cache_size>[0-9]*</mark_cache_size>#<mark_cache_size>268435456</mark_cache_size>#" \
      -e '/<listen_host>::1<\/listen_host>/d' \
      -e "s#<users_config>users.xml</users_config>#<users_config>$dir/users.xml</users_config>#" \
      >"$dir/config.xml"
  (umask 077 && cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default>
  </profiles>
  <users>
    <admin><password>$(password_of admin)</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></admin>
    <spacetime><password>$(password_of spacetime)</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></spacetime>
  </users>
  <quotas>
    <default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default>
  </quotas>
</yandex>
XML
  )
}

pid_of() { # pid_of <shard>: the running server's PID, or nothing
  local f="$STATE_DIR/shard$1/server.pid"
  [[ -s "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
  return 0
}

ping_ok() { curl -fsS -m 2 "http://127.0.0.1:$(http_port "$1")/ping" >/dev/null 2>&1; }

cmd_start() {
  [[ -x /usr/sbin/clickhouse-server ]] || die "clickhouse-server is not installed: run $0 install"
  mkdir -p "$STATE_DIR"
  local s
  for s in "${SHARDS[@]}"; do
    if [[ -n "$(pid_of "$s")" ]]; then
      log "shard $s already runs (pid $(pid_of "$s"))"
      continue
    fi
    if ping_ok "$s"; then
      die "port $(http_port "$s") answers but not as this state dir's server: set CLICKHOUSE_PORT_BASE"
    fi
    write_config "$s"
    local dir="$STATE_DIR/shard$s"
    # setsid: the server outlives this script and gets its own process group; stopped by its PID.
    setsid /usr/sbin/clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 </dev/null &
    echo $! >"$dir/server.pid"
    log "shard $s started (pid $!, http $(http_port "$s"), tcp $(tcp_port "$s"))"
  done
  for s in "${SHARDS[@]}"; do
    local waited=0
    until ping_ok "$s"; do
      [[ -n "$(pid_of "$s")" ]] || die "shard $s exited: see $STATE_DIR/shard$s/log/"
      ((waited++ < START_TIMEOUT * 2)) || die "shard $s did not answer on port $(http_port "$s") in ${START_TIMEOUT} s"
      sleep 0.5
    done
  done
  write_env
}

admin_sql() { # admin_sql <shard> <sql>
  curl -fsS -m 120 --data-binary "$2" -u "admin:$(password_of admin)" "http://127.0.0.1:$(http_port "$1")/" ||
    die "shard $1 refused: $2"
}

cmd_schema() {
  local s
  for s in "${SHARDS[@]}"; do
    admin_sql "$s" "CREATE DATABASE IF NOT EXISTS $DATABASE"
    sed -e "s/{db}/$DATABASE/g" "$SCRIPT_DIR/schema.sql" | awk 'BEGIN{RS=";\n"} NF {print $0 "\0"}' |
      while IFS= read -r -d '' stmt; do admin_sql "$s" "$stmt" >/dev/null; done
  done
  log "schema ready: $DATABASE.chain_events (Distributed over ${#SHARDS[@]} shards), $DATABASE.chain_events_shard_down"
}

write_env() {
  (umask 077 && cat >"$STATE_DIR/env" <<ENV
CLICKHOUSE_URL=http://127.0.0.1:$(http_port 1)
CLICKHOUSE_SHARD_URLS=$(for s in "${SHARDS[@]}"; do printf 'http://127.0.0.1:%s,' "$(http_port "$s")"; done | sed 's/,$//')
CLICKHOUSE_DATABASE=$DATABASE
CLICKHOUSE_USER=spacetime
CLICKHOUSE_PASSWORD=$(password_of spacetime)
CLICKHOUSE_ADMIN_USER=admin
CLICKHOUSE_ADMIN_PASSWORD=$(password_of admin)
ENV
  )
}

cmd_stop() {
  local s pid
  for s in "${SHARDS[@]}"; do
    pid=$(pid_of "$s")
    [[ -n "$pid" ]] || continue
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "shard $s (pid $pid) ignored TERM: KILL"; kill -9 "$pid"; }
    rm -f "$STATE_DIR/shard$s/server.pid"
    log "shard $s stopped (pid $pid)"
  done
}

cmd_status() {
  local s rc=0
  for s in "${SHARDS[@]}"; do
    if [[ -n "$(pid_of "$s")" ]] && ping_ok "$s"; then
      echo "shard $s: running (pid $(pid_of "$s"), http $(http_port "$s"))"
    else
      echo "shard $s: stopped"
      rc=1
    fi
  done
  return $rc
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  schema) cmd_schema ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  up) cmd_install && cmd_start && cmd_schema ;;
  env) write_env && cat "$STATE_DIR/env" ;;
  *) die "usage: $0 install|start|schema|stop|status|up|env" ;;
esac
