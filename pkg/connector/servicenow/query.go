package servicenow

import (
	"net/url"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// snowTime writes a time as encoded queries read it with sysparm_display_value=false: UTC, seconds.
func snowTime(t time.Time) string { return httpapi.FormatIn(t, time.UTC, "2006-01-02 15:04:05") }

// keyset is one listing's order: a time field and sys_id, ascending (changes) or descending (backfills).
type keyset struct {
	field string
	desc  bool
}

// encode builds the sysparm_query of one page: the scope and range (where), then for later pages the
// keyset condition "after the last record": field>T, or field=T with a greater sys_id. ServiceNow's ^OR
// cannot group an AND, so the condition is two ^NQ queries, each repeating where.
func (k keyset) encode(where, after string) string {
	order := "^ORDERBY" + k.field + "^ORDERBYsys_id"
	gt := ">"
	if k.desc {
		order = "^ORDERBYDESC" + k.field + "^ORDERBYDESCsys_id"
		gt = "<"
	}
	if after == "" {
		return where + order
	}
	at, id, _ := strings.Cut(after, "|")
	return where + "^" + k.field + gt + at + "^NQ" + where + "^" + k.field + "=" + at + "^sys_id" + gt + id + order
}

// after is the keyset position of a record: its time (as stored) and sys_id.
func after(at, sysID string) string { return at + "|" + sysID }

// scoped ANDs the configured encoded query to cond.
func (c *Connector) scoped(cond string) string {
	if c.cfg.Query == "" {
		return cond
	}
	if cond == "" {
		return c.cfg.Query
	}
	return c.cfg.Query + "^" + cond
}

// tableRequest is a GET of the table asking for fields, stored values (times in UTC) and no reference links.
func (c *Connector) tableRequest(table string, fields []string) httpapi.Request {
	return httpapi.Request{Path: "/api/now/table/" + table, Query: url.Values{
		"sysparm_fields":                 {strings.Join(fields, ",")},
		"sysparm_display_value":          {"false"},
		"sysparm_exclude_reference_link": {"true"},
	}}
}
