package rt

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// searchFields are the ticket fields every search asks for; the queue is expanded to its name and lifecycle.
const searchFields = "Subject,Status,Priority,Created,LastUpdated,Resolved,Queue,Owner,CustomFields"

// Item is a ticket as GET /REST/2.0/tickets?fields=… returns it (only the parts Spacetime reads).
type Item struct {
	ID           flexID          `json:"id"`
	Subject      string          `json:"Subject"`
	Status       string          `json:"Status"`
	Priority     json.RawMessage `json:"Priority"`
	Created      string          `json:"Created"`
	LastUpdated  string          `json:"LastUpdated"`
	Resolved     string          `json:"Resolved"`
	Queue        Ref             `json:"Queue"`
	Owner        Ref             `json:"Owner"`
	CustomFields []CustomField   `json:"CustomFields"`
}

// flexID is an id REST2 writes as a string in full records and as a number when fields=id.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an id that is neither text nor a number: %s", b)
	}
	*f = flexID(n.String())
	return nil
}

// Ref is REST2's {"id","type","_url"} reference, with the expanded Name and Lifecycle where asked.
type Ref struct {
	ID        string `json:"id"`
	Name      string `json:"Name"`
	Lifecycle string `json:"Lifecycle"`
}

// CustomField is one custom field of a ticket with its values (always a list in REST2).
type CustomField struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Page is one page of GET /REST/2.0/tickets.
type Page = collection[Item]

// notResolved is what RT sends as Resolved while a ticket was never resolved.
var notResolved = time.Unix(0, 0).UTC()

// fieldInfo is what the mapping needs to know about one custom field.
type fieldInfo struct {
	key, name string
	multi     bool
}

// Dimension keys of the fixed RT dimensions.
const (
	DimQueue = "queue"
	DimOwner = "owner"
)

var fixedDimensions = []tickets.Dimension{{Key: DimQueue, Name: "Queue"}, {Key: DimOwner, Name: "Owner"}}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// fieldKey turns a custom field's name into a dimension key ("Root cause" → root_cause); a key that a fixed
// field or dimension takes gets the prefix cf_ (RT's "Severity" field is cf_severity beside the severity).
func fieldKey(name string, reserved []string) string {
	key := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if key == "" {
		return ""
	}
	if slices.Contains(reserved, key) || key == DimQueue || key == DimOwner {
		return "cf_" + key
	}
	return key
}

// mapping turns REST2 items into tickets.
type mapping struct {
	site     string
	severity Severity
	reserved []string
	// fields are the custom fields by id; inactive says whether a status of a lifecycle is inactive.
	fields   map[string]fieldInfo
	inactive func(lifecycle, status string) bool
}

func (m mapping) tickets(items []Item) (tickets.List, error) {
	dims := slices.Clone(fixedDimensions)
	seen := map[string]bool{}
	out := make([]tickets.Ticket, 0, len(items))
	for _, it := range items {
		t, err := m.ticket(it)
		if err != nil {
			return tickets.List{}, err
		}
		for _, cf := range it.CustomFields {
			f, ok := m.fields[cf.ID]
			if !ok || f.key == "" || seen[f.key] || m.isSeverity(cf) {
				continue
			}
			seen[f.key] = true
			dims = append(dims, tickets.Dimension{Key: f.key, Name: f.name, Multi: f.multi})
		}
		out = append(out, t)
	}
	slices.SortStableFunc(dims[len(fixedDimensions):], func(a, b tickets.Dimension) int { return strings.Compare(a.Key, b.Key) })
	return tickets.List{Dimensions: dims, Tickets: out, Total: -1}, nil
}

func (m mapping) ticket(it Item) (tickets.Ticket, error) {
	id := string(it.ID)
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("the ticket id %q is not a number", id)
	}
	created, err := parseTime("Created", id, it.Created)
	if err != nil {
		return tickets.Ticket{}, err
	}
	updated, err := parseTime("LastUpdated", id, it.LastUpdated)
	if err != nil {
		return tickets.Ticket{}, err
	}
	t := tickets.Ticket{
		ID:      id,
		Number:  n,
		Title:   it.Subject,
		URL:     m.site + "/Ticket/Display.html?id=" + id,
		Status:  it.Status,
		Closed:  m.inactive(it.Queue.Lifecycle, it.Status),
		Opened:  created,
		Updated: updated,
		Dimensions: map[string][]string{
			DimQueue: tickets.One(it.Queue.Name),
			DimOwner: tickets.One(owner(it.Owner)),
		},
	}
	if it.Resolved != "" {
		if r, err := parseTime("Resolved", id, it.Resolved); err == nil && !r.Equal(notResolved) {
			t.Resolved = &r
		}
	}
	for _, cf := range it.CustomFields {
		f := m.fields[cf.ID]
		if m.isSeverity(cf) {
			t.Severity = first(cf.Values)
			continue
		}
		if f.key == "" {
			continue
		}
		var vals []string
		for _, v := range cf.Values {
			if v != "" {
				vals = append(vals, v)
			}
		}
		if !f.multi && len(vals) > 1 {
			vals = vals[:1]
		}
		t.Dimensions[f.key] = vals
	}
	if m.severity.Field == "" {
		t.Severity = byPriority(it.Priority, m.severity.Ranges)
	}
	t.Normalize()
	return t, nil
}

// isSeverity reports whether cf is the custom field the severity is read from (not a dimension then).
func (m mapping) isSeverity(cf CustomField) bool {
	return m.severity.Field != "" && cf.Name == m.severity.Field
}

// byPriority names a numeric priority by the ranges; a priority RT sends as a label (PriorityAsString in
// the answer) is that label.
func byPriority(raw json.RawMessage, ranges []PriorityRange) string {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return ""
	}
	p, err := strconv.Atoi(s)
	if err != nil {
		return s
	}
	name := ""
	for _, r := range ranges {
		if p >= r.From {
			name = r.Name
		}
	}
	return name
}

func owner(r Ref) string {
	if r.Name != "" {
		return r.Name
	}
	if r.ID == "Nobody" {
		return ""
	}
	return r.ID
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func parseTime(field, id, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("ticket %s has the %s time %q, which is not RFC 3339", id, field, s)
	}
	return t.UTC(), nil
}
