package jira

import (
	"context"
	"strings"
	"time"
)

// jqlTime is the JQL date format Spacetime writes; Jira reads it in the API user's time zone, to the minute.
const jqlTime = "2006/01/02 15:04"

// widestOffset bounds every zone's UTC offset (UTC-12 .. UTC+14): used when the user's zone is unknown.
const (
	mostWest = 12 * time.Hour
	mostEast = 14 * time.Hour
)

// atOrBefore writes t as a JQL date whose instant, read in zone, is at or before t: the minute is floored, and
// around a daylight-saving change (where a local time names two instants) it steps back an hour. With no
// zone it writes UTC minus the most western offset, early enough whatever zone Jira reads it in.
func atOrBefore(t time.Time, zone *time.Location) string {
	if zone == nil {
		return t.UTC().Add(-mostWest).Truncate(time.Minute).Format(jqlTime)
	}
	if offsetChangesNear(t, zone) {
		t = t.Add(-time.Hour)
	}
	return t.In(zone).Truncate(time.Minute).Format(jqlTime)
}

// atOrAfter writes t as a JQL date whose instant, read in zone, is at or after t.
func atOrAfter(t time.Time, zone *time.Location) string {
	if zone == nil {
		t = t.UTC().Add(mostEast)
	} else {
		if offsetChangesNear(t, zone) {
			t = t.Add(time.Hour)
		}
		t = t.In(zone)
	}
	if !t.Equal(t.Truncate(time.Minute)) {
		t = t.Truncate(time.Minute).Add(time.Minute)
	}
	return t.Format(jqlTime)
}

func offsetChangesNear(t time.Time, zone *time.Location) bool {
	_, before := t.Add(-3 * time.Hour).In(zone).Zone()
	_, after := t.Add(3 * time.Hour).In(zone).Zone()
	return before != after
}

// span is the part of a listing's JQL that a slice can narrow: field >= from (and < to when to is set).
type span struct {
	field    string // "created" or "updated"
	from, to time.Time
}

// jql builds "(<scope>) AND <field> >= "<from>" [AND <field> < "<to>"] ORDER BY <order>".
func (c *Connector) jql(ctx context.Context, sp span, order string) string {
	zone := c.userZone(ctx)
	var parts []string
	if s := strings.TrimSpace(c.cfg.Scope); s != "" {
		parts = append(parts, "("+s+")")
	}
	parts = append(parts, sp.field+` >= "`+atOrBefore(sp.from, zone)+`"`)
	if !sp.to.IsZero() {
		parts = append(parts, sp.field+` < "`+atOrAfter(sp.to, zone)+`"`)
	}
	return strings.Join(parts, " AND ") + " ORDER BY " + order
}

// scoped is the scope ANDed with clause.
func (c *Connector) scoped(clause string) string {
	if s := strings.TrimSpace(c.cfg.Scope); s != "" {
		return "(" + s + ") AND " + clause
	}
	return clause
}
