package snapshot

import (
	"os"
	"path/filepath"
)

// DefaultDir is where snapshots go when the Data directory setting is empty, the first of these that can be
// written: Grafana's data directory when the plugin process sees it (GF_PATHS_DATA; Grafana forwards the host's
// environment only when configured to), the directory that holds Grafana's plugins directory (the plugin runs
// from <data>/plugins/... in Grafana's official container and in a package install), the user's cache
// directory, the system's temporary directory.
func DefaultDir() string {
	var candidates []string
	if d := os.Getenv("GF_PATHS_DATA"); d != "" {
		candidates = append(candidates, filepath.Join(d, "spacetime"))
	}
	if exe, err := os.Executable(); err == nil {
		for dir := filepath.Dir(exe); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
			if filepath.Base(dir) == "plugins" {
				candidates = append(candidates, filepath.Join(filepath.Dir(dir), "spacetime"))
				break
			}
		}
	}
	if d, err := os.UserCacheDir(); err == nil {
		candidates = append(candidates, filepath.Join(d, "spacetime"))
	}
	tmp := filepath.Join(os.TempDir(), "spacetime")
	for _, c := range candidates {
		if writable(c) {
			return c
		}
	}
	return tmp
}

func writable(dir string) bool { return probe(dir) == nil }

// probe makes dir and writes and removes a file in it.
func probe(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return err
	}
	_ = f.Close()
	return os.Remove(f.Name())
}
