package snapshot_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
)

const crashChild = "SPACETIME_SNAPSHOT_CRASH_CHILD"

// TestMain lets the test binary play the plugin that is killed: with crashChild set it saves snapshots of
// the same store over and over until it is killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChild); dir != "" {
		s := filled(40_000)
		k := snapshot.New(dir, "ds", "fp", s, &logLines{})
		for i := 0; ; i++ {
			if err := k.Save(t0.Add(time.Duration(i) * time.Second)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			_ = os.WriteFile(filepath.Join(dir, "saved"), []byte(strconv.Itoa(i+1)), 0o600)
		}
	}
	os.Exit(m.Run())
}

// TestKillDuringASnapshotWriteKeepsThePreviousOne kills the writer with SIGKILL at moments spread over its
// writes: the next start always loads a whole snapshot.
func TestKillDuringASnapshotWriteKeepsThePreviousOne(t *testing.T) {
	for i, delay := range []time.Duration{0, 7, 23, 41, 66, 97} {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), crashChild+"="+dir)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait for the first whole snapshot, then kill in the middle of a later write.
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				if _, err := os.Stat(filepath.Join(dir, "saved")); err == nil {
					break
				}
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatal("the writer saved nothing")
				}
			}
			time.Sleep(delay * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()

			got := store.New()
			lines := &logLines{}
			if _, _, ok := snapshot.New(dir, "ds", "fp", got, lines).Load(); !ok || got.Len() != 40_000 {
				t.Fatalf("after a kill -9: loaded %v with %d tickets, want a whole snapshot of 40000\n%s", ok, got.Len(), lines)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")); len(leftovers) != 0 {
				t.Errorf("the interrupted write's temporary files are still there: %v", leftovers)
			}
		})
	}
}
