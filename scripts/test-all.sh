#!/usr/bin/env bash
# Runs every test from a fresh Debian 12 machine: installs what they need (Debian's chromium, zip,
# docker-compose, Redmine, Request Tracker; npm deps; Go modules), then lint, typecheck, unit tests, build, the Grafana
# stand-ins (plugin protocol, module load, plugincheck2, sandbox e2e) and the compose check.
# Ends with "N passed, N failed". Usage: scripts/test-all.sh
set -uo pipefail
cd "$(dirname "$0")/.."

export TZ=UTC CI=1
export PATH="$PATH:/usr/local/go/bin:$HOME/go/bin"
log_dir=.cache/test-all
mkdir -p "$log_dir"
passed=0
failures=()
unavailable_steps=()
start_all=$(date +%s)

step() { # step <name> <command...>: runs one step, logs its output, records the result
  local name=$1
  shift
  local started=$(date +%s)
  echo "=== $name"
  rm -f "$log_dir/$name.failures"
  local status=0
  "$@" >"$log_dir/$name.log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "--- PASS $name ($(($(date +%s) - started)) s)"
  elif [ "$status" -eq 3 ] && [ "$name" = plugincheck2 ]; then
    # plugincheck.sh exits 3 only when no validator can be had on this machine: not a pass, not the plugin's fault.
    unavailable_steps+=("$name")
    tail -n 5 "$log_dir/$name.log"
    echo "--- UNAVAILABLE $name ($(($(date +%s) - started)) s)"
  else
    failures+=("$name")
    tail -n 60 "$log_dir/$name.log"
    if grep -q '^=== RUN' "$log_dir/$name.log"; then # a Go test step: what each failing test logged, for the run's end
      node tools/ci-report/go-failures.mjs <"$log_dir/$name.log" >"$log_dir/$name.failures" 2>&1 || true
    fi
    echo "--- FAIL $name ($(($(date +%s) - started)) s; full log: $log_dir/$name.log)"
  fi
}

install_debian_packages() {
  local missing=()
  for pkg in chromium zip docker-compose; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
}

stop_servers() {
  scripts/redmine/redmine.sh stop >/dev/null 2>&1 || true
  scripts/clickhouse/clickhouse.sh stop >/dev/null 2>&1 || true
  scripts/rt/rt.sh stop >/dev/null 2>&1 || true
}
trap stop_servers EXIT

step install-debian-packages install_debian_packages
step redmine-up scripts/redmine/redmine.sh up
step clickhouse-up scripts/clickhouse/clickhouse.sh up
step rt-up scripts/rt/rt.sh up
step npm-ci npm ci --no-audit --no-fund
step go-mod-download go mod download
step lint npm run lint
step typecheck npm run typecheck
step jest npm run test:ci
step go-vet go vet ./...
step go-test-race go test -race -count=1 ./...
# The syncer's backfill with 1, 4 and 8 slices against the replayed Jira at 300 ms per page, once at a small size
# so it cannot rot (the README's figures: the default 5,000 issues), and the store's memory per Jira-shaped ticket.
step jira-benchmarks bash -c "JIRA_BENCH_ISSUES=400 go test -run '^$' -bench 'Backfill|StoreMemory' -benchtime 1x ./pkg/connector/jira/"
# GitHub's official OpenAPI description (@octokit/openapi, fetched into .cache with npm pack, not a package.json
# dependency): every request the GitHub connector sends and every answer its replay gives must match it.
step github-openapi bash -c 'GITHUB_OPENAPI=$(scripts/github-openapi.sh) go test -count=1 -run OpenAPI -v ./pkg/connector/github/'
# GitHub and GitLab backfill speed against their replays at 300 ms per page, once at a small size so it cannot
# rot (the README's figures: 5,000 issues), and what a 50-repository GitHub datasource costs an hour.
step forge-benchmarks bash -c "GITHUB_BENCH_ISSUES=400 GITLAB_BENCH_ISSUES=400 go test -run '^$' -bench 'Backfill|PollCost' -benchtime 1x ./pkg/connector/github/ ./pkg/connector/gitlab/"
# ServiceNow, PagerDuty and the JSON API (Zendesk preset): requests per poll and per 5,000-record backfill at
# the defaults, against their replay servers (the README's poll-cost figures).
step saas-poll-cost bash -c "go test -run '^$' -bench PollCost -benchtime 1x ./pkg/connector/servicenow/ ./pkg/connector/pagerduty/ ./pkg/connector/jsonapi/"
step build npm run build:all
step module-load npm run test:module-load
# The plugin-protocol step also runs the replay tests of Jira Cloud and Data Center, ServiceNow, PagerDuty and the
# JSON API (no environment needed); sandbox-e2e configures each of those through the editor.
step plugin-protocol bash -c 'set -a; . .cache/redmine/env; set +a; go test -tags integration -count=1 -v ./tests/plugin-protocol/'
# Live Request Tracker 5 through the built plugin: Save & test, every query type against RT's database, the
# create/edit/resolve/reopen/delete flow seen by the polls, RT stopped mid-backfill (RT_REQUIRED: no skip).
step rt bash -c 'set -a; . .cache/rt/env; set +a; RT_REQUIRED=1 go test -tags integration -count=1 -v -run RequestTracker ./tests/plugin-protocol/'
# The log engine on the real two-shard cluster: the generator's planted truth, the shared vectors as SQL,
# the injection cases, and every query type through the built plugin.
step clickhouse bash -c 'set -a; . .cache/clickhouse/env; set +a; go run ./pkg/logengine/cmd/chaingen -chains 1200000 -config .cache/clickhouse/chains.json && go test -tags integration -count=1 -v ./tests/clickhouse/'
# Once at a small size so it cannot rot (the figures in the README are from -events 10000000 and 50000000).
step clickhouse-bench bash -c 'set -a; . .cache/clickhouse/env; set +a; go run ./pkg/logengine/cmd/chainbench -events 200000 -runs 1'
step redmine-sync bash -c 'set -a; . .cache/redmine/env; set +a; go test -tags integration -count=1 -v ./tests/redmine-sync/'
# The fault-proxy figures: backfill time without faults and with 30 % of Redmine's answers failing.
grep -h "through the fault proxy" "$log_dir/redmine-sync.log" 2>/dev/null | sed 's/^ *//' || true
step plugincheck2 bash -c 'scripts/plugincheck.sh "$(ls -t spacetime-tickets-app-*.zip | head -n 1)"'
step sandbox-e2e npm run e2e
# A fresh scenario each run: a machine that ran the tests before already has "shop" (the summary is per clone).
step dashboards bash -c 'scripts/redmine/redmine.sh reseed-scenario && set -a && . .cache/redmine/env && set +a && go test -tags integration -count=1 -timeout 30m -v ./tests/dashboards/'
step compose-config docker-compose -f docker-compose.yaml config -q

echo "=== total $(($(date +%s) - start_all)) s"
for name in "${failures[@]}"; do
  if [ -s "$log_dir/$name.failures" ]; then
    echo "=== what failed in $name"
    cat "$log_dir/$name.failures"
  fi
done
[ ${#failures[@]} -gt 0 ] && echo "failed steps: ${failures[*]}"
[ ${#unavailable_steps[@]} -gt 0 ] && echo "unavailable here (not counted): ${unavailable_steps[*]}"
echo "$passed passed, ${#failures[@]} failed"
[ ${#failures[@]} -eq 0 ]
