#!/usr/bin/env bash
# Fetches GitHub's official OpenAPI description (the npm package @octokit/openapi, ~29 MB packed, ~400 MB
# unpacked) into .cache/octokit with `npm pack`, so that a plain `npm ci` stays lean, and unpacks only the
# two descriptions the GitHub replay is checked against (github.com and Enterprise Server). Idempotent.
# Prints the folder to put in GITHUB_OPENAPI. Usage: scripts/github-openapi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version=${OCTOKIT_OPENAPI_VERSION:-23.0.2} # pinned, so a fixture check does not change under us; bump on purpose
dir=.cache/octokit/$version
files=(package/generated/api.github.com.json package/generated/ghes-3.19.json)
if [ ! -f "$dir/${files[1]}" ]; then
  mkdir -p "$dir"
  tarball=$(cd "$dir" && npm pack "@octokit/openapi@$version" --silent --no-audit --no-fund | tail -n 1)
  tar -xzf "$dir/$tarball" -C "$dir" "${files[@]}"
  rm -f "$dir/$tarball"
fi
echo "$PWD/$dir/package/generated"
