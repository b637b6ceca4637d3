//go:build mage

// Build targets for the datasource backend. Run them with: go run github.com/magefile/mage@v1.15.0 -v <target>
//
//	buildAll (default)  linux/amd64, linux/arm64, darwin/arm64, windows/amd64
//	buildLinux          linux/amd64 only (fast; what the plugin-protocol test starts)
//	test                go test -race ./...
//	protocol            buildLinux, then the plugin-protocol test (needs REDMINE_URL and REDMINE_API_KEY)
//
// Executables land in dist/datasource/gpx_spacetime_tickets_<os>_<arch>[.exe]: the directory of the plugin.json
// that declares the executable (src/datasource/plugin.json), which is where Grafana looks for a nested
// plugin's backend. The SDK would put them there by itself (it falls back to src/datasource/plugin.json when
// src/plugin.json has no executable), but it would then stamp the app's id into the build info, which the SDK
// uses for the User-Agent and tracing; pointing the build at src/datasource stamps the datasource's id.
//
// Order with the frontend: "npm run build" first (webpack cleans dist/ but keeps files named *_amd64, *_arm64,
// *.exe and go_plugin_build_manifest), then mage.
package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/grafana/grafana-plugin-sdk-go/build"
	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"
)

const (
	datasourceSrc  = "src/datasource"
	datasourceDist = "dist/datasource"
	manifest       = "go_plugin_build_manifest"
)

func init() {
	_ = build.SetBeforeBuildCallback(func(cfg build.Config) (build.Config, error) {
		cfg.PluginJSONPath = datasourceSrc
		cfg.OutputBinaryPath = datasourceDist
		return cfg, nil
	})
}

// Default builds all four release platforms.
var Default = BuildAll

// BuildAll builds the backend for linux/amd64, linux/arm64, darwin/arm64 and windows/amd64.
func BuildAll() error {
	b := build.Build{}
	// One after the other: parallel cross-builds gain little on two cores.
	mg.SerialDeps(b.Linux, b.LinuxARM64, b.DarwinARM64, b.Windows)
	return placeManifest()
}

// BuildLinux builds only linux/amd64.
func BuildLinux() error {
	if err := (build.Build{}).Linux(); err != nil {
		return err
	}
	return placeManifest()
}

// Test runs the Go unit tests with the race detector.
func Test() error {
	return sh.RunV("go", "test", "-race", "./...")
}

// Protocol builds linux/amd64 and runs the plugin-protocol test against REDMINE_URL and REDMINE_API_KEY.
func Protocol() error {
	mg.Deps(BuildLinux)
	return sh.RunV("go", "test", "-tags", "integration", "-count=1", "-v", "./tests/plugin-protocol/")
}

// placeManifest moves the SDK's Go build manifest (written beside the executables) to the root of dist/,
// the plugin archive's root, where plugincheck2 looks for it.
func placeManifest() error {
	from := filepath.Join(datasourceDist, manifest)
	if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return os.Rename(from, filepath.Join("dist", manifest))
}
