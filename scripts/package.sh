#!/usr/bin/env bash
# Packages dist/ as the zip Grafana's plugin catalog takes: spacetime-tickets-app-<version>.zip whose single
# top-level folder is the plugin id (spacetime-tickets-app/), holding the app, the nested datasource/ (with its
# backend executables, mode 755) and panel/.
#
# Usage: scripts/package.sh [output-dir]   (default: the repository root)
# Run after the builds: npm run build, then go run github.com/magefile/mage@v1.15.0 -v buildAll.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=${1:-.}
dist=dist
platforms=(linux_amd64 linux_arm64 darwin_arm64 windows_amd64.exe)

die() { echo "package.sh: $*" >&2; exit 1; }

[ -f "$dist/plugin.json" ] || die "$dist/plugin.json is missing: run npm run build first"
[ -f "$dist/datasource/plugin.json" ] || die "$dist/datasource/plugin.json is missing: run npm run build first"
id=$(node -p 'require("./dist/plugin.json").id')
version=$(node -p 'require("./package.json").version')
exe=$(node -p 'require("./dist/datasource/plugin.json").executable')
[ -n "$id" ] && [ -n "$version" ] && [ -n "$exe" ] || die "cannot read id, version or executable"
grep -q '%VERSION%' "$dist/plugin.json" && die "$dist/plugin.json still has %VERSION%: build with npm run build"

for p in "${platforms[@]}"; do
  [ -f "$dist/datasource/${exe}_$p" ] || die "$dist/datasource/${exe}_$p is missing: run go run github.com/magefile/mage@v1.15.0 -v buildAll"
done
[ -f "$dist/go_plugin_build_manifest" ] || die "$dist/go_plugin_build_manifest is missing: build the backend with mage"

if ! command -v zip >/dev/null; then
  echo "package.sh: installing zip" >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y zip >/dev/null ||
    { apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y zip >/dev/null; }
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$dist" "$stage/$id"
# Plain permissions: directories and files readable, backend executables (and only they) executable.
find "$stage/$id" -type d -exec chmod 755 {} +
find "$stage/$id" -type f -exec chmod 644 {} +
find "$stage/$id" -type f -name "${exe}_*" -exec chmod 755 {} +

mkdir -p "$out_dir"
zip_path="$(cd "$out_dir" && pwd)/$id-$version.zip"
rm -f "$zip_path"
(cd "$stage" && zip -q -r -X "$zip_path" "$id")

echo "$zip_path"
unzip -Z -l "$zip_path" | awk -v exe="$exe" '$NF ~ exe {print "  " $1 "  " $NF}'
