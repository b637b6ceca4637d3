package redmine

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/tickets"
)

// Issue is an issue as GET /issues.json returns it (only the parts Spacetime reads).
type Issue struct {
	ID           int64         `json:"id"`
	Project      *NamedRef     `json:"project"`
	Tracker      *NamedRef     `json:"tracker"`
	Status       *Status       `json:"status"`
	Priority     *NamedRef     `json:"priority"`
	Author       *NamedRef     `json:"author"`
	AssignedTo   *NamedRef     `json:"assigned_to"`
	Category     *NamedRef     `json:"category"`
	Subject      string        `json:"subject"`
	Description  *string       `json:"description"`
	CustomFields []CustomField `json:"custom_fields"`
	CreatedOn    time.Time     `json:"created_on"`
	UpdatedOn    time.Time     `json:"updated_on"`
	ClosedOn     *time.Time    `json:"closed_on"`
}

// NamedRef is Redmine's {"id":1,"name":"..."} reference.
type NamedRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Status is an issue status; is_closed is present in Redmine 5.1+.
type Status struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	IsClosed *bool  `json:"is_closed"`
}

// CustomField is one custom field value; Value is a string, null, or (multiple) an array of strings.
type CustomField struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Multiple bool            `json:"multiple"`
	Value    json.RawMessage `json:"value"`
}

// Values returns the custom field's values: none for null or "", one for a single value, each of a
// multiple field's values in Redmine's order.
func (cf CustomField) Values() []string {
	v := strings.TrimSpace(string(cf.Value))
	if v == "" || v == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(cf.Value, &s) == nil {
		return tickets.One(s)
	}
	var list []string
	if json.Unmarshal(cf.Value, &list) == nil {
		out := list[:0]
		for _, x := range list {
			if x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	return []string{v} // a number or something unexpected: keep its JSON text rather than drop it
}

// isMulti reports whether the field holds several values (Redmine's "multiple" list fields).
func (cf CustomField) isMulti() bool {
	return cf.Multiple || strings.HasPrefix(strings.TrimSpace(string(cf.Value)), "[")
}

// Dimension keys of the fixed Redmine dimensions.
const (
	DimTracker  = "tracker"
	DimCategory = "category"
	DimProject  = "project"
	DimAssignee = "assignee"
)

var fixedDimensions = []tickets.Dimension{
	{Key: DimTracker, Name: "Tracker"},
	{Key: DimCategory, Name: "Category"},
	{Key: DimProject, Name: "Project"},
	{Key: DimAssignee, Name: "Assignee"},
}

// ToTickets maps issues onto tickets: ID is the issue id as text and Number the id; Resolved is closed_on
// only while the issue's status is closed (Redmine keeps closed_on after a reopen); a multiple custom field
// is a multi-valued dimension. baseURL is the Redmine root used for ticket links. reserved are field
// names a custom field must not take (the frame's fixed fields); a custom field whose key would collide is
// keyed "cf_<id>" instead.
func ToTickets(baseURL string, issues []Issue, reserved []string) tickets.List {
	base := strings.TrimRight(baseURL, "/")
	taken := map[string]bool{}
	for _, r := range reserved {
		taken[r] = true
	}
	for _, d := range fixedDimensions {
		taken[d.Key] = true
	}

	// Custom fields, in Redmine's id order, keyed by a lower-case slug of their name.
	type cfInfo struct {
		id    int64
		name  string
		multi bool
	}
	cfs := map[int64]cfInfo{}
	for _, is := range issues {
		for _, cf := range is.CustomFields {
			info, ok := cfs[cf.ID]
			if !ok {
				info = cfInfo{id: cf.ID, name: cf.Name}
			}
			info.multi = info.multi || cf.isMulti()
			cfs[cf.ID] = info
		}
	}
	ids := make([]int64, 0, len(cfs))
	for id := range cfs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cfKey := map[int64]string{}
	dims := slices.Clone(fixedDimensions)
	for _, id := range ids {
		info := cfs[id]
		key := slug(info.name)
		if key == "" || taken[key] {
			key = fmt.Sprintf("cf_%d", id)
		}
		taken[key] = true
		cfKey[id] = key
		name := info.name
		if name == "" {
			name = key
		}
		dims = append(dims, tickets.Dimension{Key: key, Name: name, Multi: info.multi})
	}

	out := make([]tickets.Ticket, 0, len(issues))
	for _, is := range issues {
		t := tickets.Ticket{
			ID:       strconv.FormatInt(is.ID, 10),
			Number:   is.ID,
			Title:    is.Subject,
			URL:      fmt.Sprintf("%s/issues/%d", base, is.ID),
			Severity: name(is.Priority),
			Opened:   is.CreatedOn,
			Updated:  is.UpdatedOn,
			Resolved: is.ClosedOn,
			Dimensions: map[string][]string{
				DimTracker:  tickets.One(name(is.Tracker)),
				DimCategory: tickets.One(name(is.Category)),
				DimProject:  tickets.One(name(is.Project)),
				DimAssignee: tickets.One(name(is.AssignedTo)),
			},
		}
		if is.Description != nil {
			t.Description = *is.Description
		}
		if is.Status != nil {
			t.Status = is.Status.Name
		}
		t.Closed = is.ClosedOn != nil
		if is.Status != nil && is.Status.IsClosed != nil {
			t.Closed = *is.Status.IsClosed
		}
		for _, cf := range is.CustomFields {
			t.Dimensions[cfKey[cf.ID]] = cf.Values()
		}
		t.Normalize()
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	return tickets.List{Dimensions: dims, Tickets: out, Total: -1}
}

func name(r *NamedRef) string {
	if r == nil {
		return ""
	}
	return r.Name
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns "Root cause" into "root_cause".
func slug(s string) string {
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), "_"), "_")
}
