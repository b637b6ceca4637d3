package httpapi

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Grafana hosts and containers may lack /usr/share/zoneinfo; user time zones must still load
)

// timeLayouts are the timestamp forms ticket systems send: RFC 3339 (Redmine, GitHub, GitLab, PagerDuty),
// Jira's "2024-05-01T12:00:00.000+0200", minute precision ("2021-09-09T11:48Z", Jira's rate-limit reset),
// and ServiceNow's zone-less "2024-05-01 12:00:00".
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// ParseTime reads a ticket system's timestamp. A time without a zone is read in loc (the zone the system
// writes in; nil means UTC).
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time this connector can read (expected RFC 3339, like 2026-11-20T10:00:00Z)", s)
}

// FormatIn writes t in loc with layout, for query languages that read times in a zone: Jira's JQL in the
// API user's zone ("2006/01/02 15:04": minute precision, so the time is floored to the minute), ServiceNow's
// encoded queries in UTC ("2006-01-02 15:04:05"). nil loc means UTC.
func FormatIn(t time.Time, loc *time.Location, layout string) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(layout)
}

// LoadZone loads an IANA time zone ("Europe/Berlin") as a system reports it; "" is UTC. The error names
// the zone.
func LoadZone(name string) (*time.Location, error) {
	if strings.TrimSpace(name) == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(strings.TrimSpace(name))
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}
