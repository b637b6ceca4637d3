package snapshot_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) add(level, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	parts := []string{level, msg}
	for _, a := range args {
		parts = append(parts, strings.TrimSpace(strings.ReplaceAll(toString(a), "\n", " ")))
	}
	l.lines = append(l.lines, strings.Join(parts, " "))
}
func (l *logLines) Info(msg string, args ...any) { l.add("info", msg, args...) }
func (l *logLines) Warn(msg string, args ...any) { l.add("warn", msg, args...) }
func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func toString(a any) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return ""
}

func filled(n int) *store.Store {
	s := store.New()
	var ts []tickets.Ticket
	for i := 1; i <= n; i++ {
		ts = append(ts, tickets.Ticket{ID: "OPS-" + strconv.Itoa(i), SourceID: strconv.Itoa(10000 + i), Number: int64(10000 + i),
			Title: "Ticket " + strconv.Itoa(i), Description: strings.Repeat("text ", i%7), Severity: "High", Status: "Open",
			Opened: t0.Add(time.Duration(i) * time.Minute), Updated: t0.Add(time.Duration(i) * time.Minute),
			Dimensions: map[string][]string{"service": {"svc-" + strconv.Itoa(i%5)}, "labels": {"a", "b-" + strconv.Itoa(i%3)}}})
	}
	s.Upsert([]tickets.Dimension{{Key: "service", Name: "Service"}, {Key: "labels", Name: "Labels", Multi: true}}, ts)
	s.SetSeverities([]tickets.Severity{{Name: "High", Rank: 1, Color: "red"}})
	return s
}

func ids(s *store.Store) []string {
	var out []string
	s.Read(func(v *store.View) {
		for row := range v.Len() {
			out = append(out, v.ID(row))
		}
	})
	slices.Sort(out)
	return out
}

func TestSaveLoadAndReplayTheChangeLog(t *testing.T) {
	dir := t.TempDir()
	src := filled(300)
	k := snapshot.New(dir, "ds1", "fp", src, &logLines{})
	if err := k.Save(t0); err != nil {
		t.Fatal(err)
	}
	edited := tickets.Ticket{ID: "SHOP-1", SourceID: "10001", Title: "moved and edited", Opened: t0, Updated: t0.Add(time.Hour),
		Dimensions: map[string][]string{"labels": {"c"}}}
	if err := k.Append(nil, []tickets.Ticket{edited}, []string{"10002"}, t0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	src.Upsert(nil, []tickets.Ticket{edited})
	src.Delete("10002")

	got := store.New()
	lines := &logLines{}
	_, covered, ok := snapshot.New(dir, "ds1", "fp", got, lines).Load()
	if !ok {
		t.Fatalf("not loaded: %s", lines)
	}
	if !covered.Equal(t0.Add(-time.Hour)) {
		t.Errorf("covered from %v: the log's wider range", covered)
	}
	if !slices.Equal(ids(got), ids(src)) || got.Len() != 299 {
		t.Fatalf("%d tickets after replay, want the source's %d", got.Len(), src.Len())
	}
	if !slices.Equal(got.Fields(), src.Fields()) || !slices.Equal(got.Severities(), src.Severities()) {
		t.Errorf("fields %v / %v", got.Fields(), src.Fields())
	}
	if !strings.Contains(lines.String(), "Ticket snapshot loaded") {
		t.Errorf("log: %s", lines)
	}
}

// damage writes a snapshot, changes its file with edit, and returns what loading it logged.
func damage(t *testing.T, edit func(path string)) (bool, string) {
	t.Helper()
	dir := t.TempDir()
	k := snapshot.New(dir, "ds", "fp", filled(50), &logLines{})
	if err := k.Save(t0); err != nil {
		t.Fatal(err)
	}
	edit(k.Path())
	lines := &logLines{}
	got := store.New()
	_, _, ok := snapshot.New(dir, "ds", "fp", got, lines).Load()
	if !ok && got.Len() != 0 {
		t.Errorf("a refused snapshot left %d tickets in the store", got.Len())
	}
	return ok, lines.String()
}

func TestDamagedOrForeignSnapshotsAreIgnoredWithALogLine(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(string)
		want string
	}{
		"corrupt bytes": {func(p string) {
			b, _ := os.ReadFile(p)
			b[len(b)-10] ^= 0xff
			_ = os.WriteFile(p, b, 0o600)
		}, "checksum mismatch"},
		"truncated": {func(p string) {
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(p, b[:len(b)/2], 0o600)
		}, "cut short"},
		"a future format": {func(p string) {
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(p, []byte(strings.Replace(string(b), fmt.Sprintf(`"format":%d`, snapshot.Format), fmt.Sprintf(`"format":%d`, snapshot.Format+1), 1)), 0o600)
		}, fmt.Sprintf("format version %d, this plugin reads %d", snapshot.Format+1, snapshot.Format)},
		"not a snapshot": {func(p string) { _ = os.WriteFile(p, []byte("<html>hello</html>"), 0o600) }, "not a Spacetime file"},
		"empty":          {func(p string) { _ = os.WriteFile(p, nil, 0o600) }, "no header"},
	} {
		t.Run(name, func(t *testing.T) {
			ok, log := damage(t, c.edit)
			if ok || !strings.Contains(log, "Ticket snapshot ignored: a full backfill follows") || !strings.Contains(log, c.want) {
				t.Errorf("loaded %v; log %q, want %q", ok, log, c.want)
			}
		})
	}
}

func TestASnapshotOfOtherSettingsIsDiscarded(t *testing.T) {
	dir := t.TempDir()
	if err := snapshot.New(dir, "ds", "settings-A", filled(10), &logLines{}).Save(t0); err != nil {
		t.Fatal(err)
	}
	lines := &logLines{}
	if _, _, ok := snapshot.New(dir, "ds", "settings-B", store.New(), lines).Load(); ok || !strings.Contains(lines.String(), "other data source settings") {
		t.Errorf("loaded %v: %s", ok, lines)
	}
}

func TestATornChangeLogKeepsTheRecordsBeforeTheTear(t *testing.T) {
	dir := t.TempDir()
	k := snapshot.New(dir, "ds", "fp", filled(10), &logLines{})
	if err := k.Save(t0); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := k.Append(nil, []tickets.Ticket{{ID: "NEW-" + strconv.Itoa(i), Opened: t0}}, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	logPath := filepath.Join(dir, "ds.log")
	b, _ := os.ReadFile(logPath)
	_ = os.WriteFile(logPath, b[:len(b)-5], 0o600) // the process died while appending the third change
	got := store.New()
	lines := &logLines{}
	if _, _, ok := snapshot.New(dir, "ds", "fp", got, lines).Load(); !ok || got.Len() != 12 {
		t.Fatalf("loaded %v with %d tickets, want the 10 + 2 whole changes: %s", ok, got.Len(), lines)
	}
	if !strings.Contains(lines.String(), "damaged record") {
		t.Errorf("log: %s", lines)
	}
}

func TestAnUnwritableDirectoryFailsTheWriteNotTheStore(t *testing.T) {
	// A directory below a regular file cannot be made, whoever runs the test (root writes into read-only ones).
	file := filepath.Join(t.TempDir(), "file")
	_ = os.WriteFile(file, nil, 0o600)
	dir := filepath.Join(file, "snapshots")
	s := filled(5)
	if err := snapshot.New(dir, "ds", "fp", s, &logLines{}).Save(t0); err == nil {
		t.Fatal("no error writing into a read-only directory")
	}
	if s.Len() != 5 {
		t.Error("the store changed")
	}
}

func TestChangesAfterATornLogSurviveTheNextRestart(t *testing.T) {
	dir := t.TempDir()
	k := snapshot.New(dir, "ds", "fp", filled(10), &logLines{})
	if err := k.Save(t0); err != nil {
		t.Fatal(err)
	}
	if err := k.Append(nil, []tickets.Ticket{{ID: "NEW-1", Opened: t0}}, nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "ds.log")
	b, _ := os.ReadFile(logPath)
	_ = os.WriteFile(logPath, append(b, 0, 0, 0), 0o600) // a torn record after NEW-1

	second := snapshot.New(dir, "ds", "fp", store.New(), &logLines{})
	if _, _, ok := second.Load(); !ok {
		t.Fatal("not loaded")
	}
	if err := second.Append(nil, []tickets.Ticket{{ID: "NEW-2", Opened: t0}}, nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	third := store.New()
	if _, _, ok := snapshot.New(dir, "ds", "fp", third, &logLines{}).Load(); !ok || third.Len() != 12 {
		t.Fatalf("%d tickets, want 10 + NEW-1 + NEW-2", third.Len())
	}
}
