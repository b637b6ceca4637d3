#!/usr/bin/env bash
# Runs Grafana's plugin validator, plugincheck2 (github.com/grafana/plugin-validator v0.45.6), on a plugin zip,
# offline, and exits non-zero when it reports an error (or, with PLUGINCHECK_STRICT=1, a warning) or when an
# analyzer cannot run.
#
# Usage: scripts/plugincheck.sh <plugin.zip>
#
# Where the validator comes from: $PLUGINCHECK2 (a plugincheck2 binary) when set; else `go install` of
# github.com/grafana/plugin-validator at the pinned version from the Go module proxy, cached in
# $SPACETIME_TOOLS_CACHE (default ~/.cache/spacetime-tools). When neither gives a validator (the module proxy of
# our build machines answers 403 for that module), the script says so and exits 3, which scripts/test-all.sh
# reports as "unavailable", not as a pass.
#
# Offline: the validator aborts its whole run (silently, exit 0) when one analyzer's download fails, and it still
# runs analyzers that are disabled in its config. So this script runs every analyzer that can work without the
# network on its own (-analyzer NAME, which also runs that analyzer's dependencies), merges their findings, and
# skips the ones below, each for the reason given. Two that run do only their offline part: sdkusage (checks the
# SDK is not replaced; comparing its age with the latest release needs GitHub) and published-plugin (without
# grafana.com the plugin counts as unpublished, which is true).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 <plugin.zip>" >&2; exit 2; }
zip=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$zip" ] || { echo "plugincheck.sh: $1 not found" >&2; exit 2; }

validator_version=0.45.6
gosec_version=v2.30.0
cache=${SPACETIME_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spacetime-tools}
mkdir -p "$cache"

# Analyzers that run offline (names as in plugin-validator v0.45.6, pkg/analysis/passes).
analyzers=(
  archive archivename metadata nestedmetadata includesnested modulejs
  backendbinary backenddebug binarypermissions circulardependencies
  sourcecode buildtools go-manifest go-sec jsMap packagejson sdkusage
  readme changelog checksum jargon templatereadme license logos discoverability sponsorshiplink
  grafanadependency restrictivedep typesuffix pluginname unsafesvg trackingscripts
  manifest signature published-plugin version legacybuilder plugindocs
)
# Analyzers skipped here, and why.
skipped=(
  "brokenlinks: requests every link in README and plugin.json; offline each one is reported as possibly broken"
  "legacyplatform: downloads the Angular detection patterns from grafana.com; the failed download aborts the validator's run"
  "metadatavalid: downloads Grafana's plugin.json schema from raw.githubusercontent.com; the failed download aborts the run"
  "screenshots, metadatapaths: depend on metadatavalid"
  "org: looks the plugin id's organisation up on grafana.com; the failed lookup aborts the run"
  "osv-scanner: needs the osv-scanner tool and the osv.dev vulnerability database"
  "govulncheck: needs the vuln.go.dev vulnerability database"
  "virusscan: needs ClamAV with a downloaded signature database"
  "code-rules: needs semgrep, which is distributed only through PyPI"
  "reactcompat: runs npx @grafana/react-detect, which the npm registry here does not have (404)"
  "provenance: asks GitHub's attestation API (and skips itself without GITHUB_TOKEN)"
  "llmreview, codediff: need an LLM API key and its service"
  "safelinks: needs a Google Web Risk API key and its service"
)

log() { echo "plugincheck.sh: $*" >&2; }

# --- the validator ---
validator=${PLUGINCHECK2:-$cache/plugincheck2-$validator_version/plugincheck2}
if [ ! -x "$validator" ]; then
  log "installing plugincheck2 $validator_version from the Go module proxy"
  if ! GOBIN=$(dirname "$validator") go install \
    "github.com/grafana/plugin-validator/pkg/cmd/plugincheck2@v$validator_version" 2>"$cache/plugincheck2-install.log"; then
    log "plugincheck2 is unavailable on this machine: $(tail -n 2 "$cache/plugincheck2-install.log" | tr '\n' ' ')"
    log "set PLUGINCHECK2=/path/to/plugincheck2 to use a validator you have"
    exit 3
  fi
fi

gosec_dir=$cache/gosec-$gosec_version
if [ ! -x "$gosec_dir/gosec" ]; then
  log "installing gosec $gosec_version"
  GOBIN=$gosec_dir go install "github.com/securego/gosec/v2/cmd/gosec@$gosec_version"
fi
export PATH="$gosec_dir:$PATH"

# --- run each analyzer on its own ---
work=$(mktemp -d)
# The validator extracts the zip into $TMPDIR for every analyzer and never removes it (about 100 MB a run):
# give it a directory of its own and remove that.
validator_tmp=$(mktemp -d)
trap 'rm -rf "$work" "$validator_tmp"' EXIT
export SKIP_OSV_SCANNER=1 SKIP_CLAMAV=1 SKIP_LLM_REVIEW=1 SKIP_LLM_CODEDIFF=1
started=$(date +%s)
for a in "${analyzers[@]}"; do
  TMPDIR="$validator_tmp" DEBUG=1 "$validator" -analyzer "$a" -output-to-file "$work/$a.json" -sourceCodeUri "file://$repo" "$zip" \
    >"$work/$a.log" 2>&1 || true
done

# --- merge, print, decide ---
node - "$work" "$validator_version" "$(($(date +%s) - started))" "${PLUGINCHECK_STRICT:-0}" "${analyzers[@]}" <<'JS' || status=$?
const fs = require('fs');
const path = require('path');
const [dir, version, seconds, strict, ...names] = process.argv.slice(2);
const seen = new Set();
const found = []; // {analyzer, Severity, Title, Detail, Context, Name}
const broken = [];
let meta = {};
for (const a of names) {
  const log = fs.readFileSync(path.join(dir, a + '.log'), 'utf8');
  const failed = log.match(/check failed: (.*)/);
  if (failed) broken.push(`${a}: ${failed[1]}`);
  let out;
  try {
    out = JSON.parse(fs.readFileSync(path.join(dir, a + '.json'), 'utf8'));
  } catch (e) {
    broken.push(`${a}: no output (${log.trim().split('\n').slice(-1)[0] || e.message})`);
    continue;
  }
  meta = { id: out.id, version: out.version };
  for (const [analyzer, diags] of Object.entries(out['plugin-validator'] || {})) {
    for (const d of diags || []) {
      const key = [analyzer, d.Name, d.Context, d.Title].join('\u0000');
      if (!seen.has(key)) {
        seen.add(key);
        found.push({ analyzer, ...d });
      }
    }
  }
}
const order = { error: 0, warning: 1, suspected: 2, recommendation: 3, ok: 4 };
found.sort((x, y) => (order[x.Severity] ?? 9) - (order[y.Severity] ?? 9) || x.analyzer.localeCompare(y.analyzer));
for (const d of found) {
  console.log(`${d.Severity}: [${d.analyzer}/${d.Name}] ${d.Context ? d.Context + ': ' : ''}${d.Title}`);
  if (d.Detail) console.log(`    ${d.Detail}`);
}
for (const b of broken) console.log(`error: analyzer could not run: ${b}`);
const count = (s) => found.filter((d) => d.Severity === s).length;
const errors = count('error') + broken.length;
const warnings = count('warning') + count('suspected');
console.log(
  `plugincheck2 ${version} on ${meta.id} ${meta.version}: ${names.length} analyzers in ${seconds} s: ` +
    `${errors} errors, ${warnings} warnings, ${count('recommendation')} recommendations`
);
process.exit(errors > 0 || (strict === '1' && warnings > 0) ? 1 : 0);
JS
echo "skipped offline:"
printf '  %s\n' "${skipped[@]}"
exit "${status:-0}"
