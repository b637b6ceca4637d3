package jsonapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Problem is one value of one record that could not be mapped.
type Problem struct {
	// Record is the record's position on the page (0-based); ID its id when it has one.
	Record int    `json:"record"`
	ID     string `json:"id,omitempty"`
	// Field is the ticket field or dimension key; Path the GJSON path it is read from.
	Field string `json:"field"`
	Path  string `json:"path"`
	// Missing is true when the path has no value (missing or null); Reason says why a value is unreadable.
	Missing bool   `json:"missing,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

func (p Problem) String() string {
	who := fmt.Sprintf("record %d", p.Record+1)
	if p.ID != "" {
		who = fmt.Sprintf("ticket %s", p.ID)
	}
	if p.Missing {
		return fmt.Sprintf("%s: %s (%s) has no value", who, p.Field, p.Path)
	}
	return fmt.Sprintf("%s: %s (%s): %s", who, p.Field, p.Path, p.Reason)
}

// Dimensions lists the dimensions the tickets carry, in the spec's order.
func (c *Connector) Dimensions() []tickets.Dimension {
	out := make([]tickets.Dimension, 0, len(c.spec.Dimensions))
	for _, d := range c.spec.Dimensions {
		out = append(out, tickets.Dimension{Key: d.Key, Name: orDefault(d.Name, d.Key), Multi: d.Multi})
	}
	return out
}

// records selects the array of records at the root path.
func (c *Connector) records(body []byte) ([]gjson.Result, error) {
	root := gjson.ParseBytes(body)
	if p := strings.TrimSpace(c.spec.Root); p != "" && p != "@this" {
		root = root.Get(p)
	}
	if !root.IsArray() {
		what := "nothing"
		if root.Exists() {
			what = "a " + strings.ToLower(root.Type.String())
			if root.IsObject() {
				what = "an object"
			}
		}
		return nil, fmt.Errorf("the root selector %q selects %s, not the array of tickets: check the root selector setting", c.spec.Root, what)
	}
	return root.Array(), nil
}

// ToTicket maps one record; ok is false when it has no id (it cannot be stored). Every value that is
// missing or cannot be read is reported, and the ticket keeps it empty.
func (c *Connector) ToTicket(rec gjson.Result, at int) (t tickets.Ticket, problems []Problem, ok bool) {
	f := c.spec.Fields
	note := func(field, path string, missing bool, reason string) {
		problems = append(problems, Problem{Record: at, ID: t.ID, Field: field, Path: path, Missing: missing, Reason: reason})
	}
	text := func(field, path string) string {
		if path == "" {
			return ""
		}
		v := rec.Get(path)
		switch {
		case !v.Exists() || v.Type == gjson.Null:
			note(field, path, true, "")
			return ""
		case v.IsObject() || v.IsArray():
			note(field, path, false, "is "+kind(v)+", not a text or number: point the path at the value inside")
			return ""
		}
		return v.String()
	}
	t.ID = text("id", f.ID)
	if t.ID == "" {
		return t, problems, false
	}
	if n, err := strconv.ParseInt(t.ID, 10, 64); err == nil {
		t.Number = n
	}
	t.Title = text("title", f.Title)
	t.Description = text("description", f.Description)
	t.Severity = text("severity", f.Severity)
	t.Status = text("status", f.Status)
	t.URL = text("url", f.URL)
	if t.URL == "" && c.spec.TicketURL != "" {
		t.URL = strings.NewReplacer("{url}", c.base, "{id}", t.ID).Replace(c.spec.TicketURL)
	}
	for _, tf := range []struct{ field, path string }{{"opened", f.Opened}, {"updated", f.Updated}, {"resolved", f.Resolved}} {
		if tf.path == "" {
			continue
		}
		v, present, err := parseTime(rec.Get(tf.path), c.spec.TimeFormat)
		switch {
		case err != nil:
			note(tf.field, tf.path, false, err.Error())
		case !present && tf.field != "resolved": // an open ticket has no resolved time
			note(tf.field, tf.path, true, "")
		case present:
			switch tf.field {
			case "opened":
				t.Opened = v
			case "updated":
				t.Updated = v
			case "resolved":
				t.Resolved = &v
			}
		}
	}
	if t.Updated.IsZero() {
		t.Updated = t.Opened
	}
	t.Closed = c.spec.Closed.matches(rec)
	t.Dimensions = map[string][]string{}
	for _, d := range c.spec.Dimensions {
		vals := values(rec.Get(d.Path))
		if vals == nil {
			note(d.Key, d.Path, true, "")
		}
		vals = slices.Compact(slices.Sorted(slices.Values(vals))) // a set, as the store keeps it
		if len(vals) == 0 {
			vals = nil
		}
		if !d.Multi && len(vals) > 1 {
			vals = []string{strings.Join(vals, ", ")}
		}
		t.Dimensions[d.Key] = vals
	}
	t.Normalize()
	return t, problems, true
}

// values reads a dimension's values: a text or number, or each text or number of an array (nested arrays
// flattened: tags, labels.#.name, custom_fields.#(id==1).value).
func values(v gjson.Result) []string {
	if !v.Exists() || v.Type == gjson.Null {
		return nil
	}
	if !v.IsArray() {
		if v.IsObject() {
			return nil
		}
		return tickets.One(v.String())
	}
	var out []string
	for _, e := range v.Array() {
		out = append(out, values(e)...)
	}
	return out
}

func kind(v gjson.Result) string {
	if v.IsArray() {
		return "an array"
	}
	return "an object"
}

func (r Rule) matches(rec gjson.Result) bool {
	v := rec.Get(r.Path)
	if r.Present {
		return v.Exists() && v.Type != gjson.Null && v.String() != ""
	}
	return slices.ContainsFunc(r.In, func(s string) bool { return strings.EqualFold(s, v.String()) })
}
