package httpapi

import (
	"testing"
	"time"
)

func TestParseTimeReadsTheSystemsForms(t *testing.T) {
	berlin, err := LoadZone("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	for _, s := range []string{
		"2026-11-20T09:30:00Z",         // Redmine, GitHub
		"2026-11-20T09:30:00.000Z",     // GitLab
		"2026-11-20T10:30:00.000+0100", // Jira
		"2026-11-20T10:30:00+01:00",    // RFC 3339 offset
		"2026-11-20T09:30Z",            // minute precision
	} {
		got, err := ParseTime(s, nil)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v %v", s, got, err)
		}
	}
	// No zone: read in the system's zone.
	got, err := ParseTime("2026-11-20 10:30:00", berlin)
	if err != nil || !got.Equal(want) {
		t.Errorf("zone-less in Berlin: %v %v", got, err)
	}
	if _, err := ParseTime("yesterday", nil); err == nil {
		t.Error("no error for yesterday")
	}
}

func TestFormatInWritesTheQueryLanguagesZone(t *testing.T) {
	at := time.Date(2026, 11, 20, 23, 30, 59, 0, time.UTC)
	tokyo, _ := LoadZone("Asia/Tokyo")
	if got := FormatIn(at, tokyo, "2006/01/02 15:04"); got != "2026/11/21 08:30" { // JQL: next day in Tokyo, minute floor
		t.Errorf("JQL in Tokyo: %s", got)
	}
	if got := FormatIn(at, nil, "2006-01-02 15:04:05"); got != "2026-11-20 23:30:59" {
		t.Errorf("ServiceNow in UTC: %s", got)
	}
	if _, err := LoadZone("Mars/Olympus"); err == nil || err.Error() != `unknown time zone "Mars/Olympus"` {
		t.Errorf("unknown zone: %v", err)
	}
	if loc, err := LoadZone(""); err != nil || loc != time.UTC {
		t.Errorf("empty zone: %v %v", loc, err)
	}
}
