package jira

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Issue is a search result as Jira sends it: fields stay raw until mapped.
type Issue struct {
	ID     string                     `json:"id"`
	Key    string                     `json:"key"`
	Fields map[string]json.RawMessage `json:"fields"`
}

// Dimension keys of the fixed Jira dimensions.
const (
	DimProject    = "project"
	DimType       = "type"
	DimComponents = "components"
	DimLabels     = "labels"
	DimAssignee   = "assignee"
)

var fixedDimensions = []tickets.Dimension{
	{Key: DimProject, Name: "Project"},
	{Key: DimType, Name: "Issue type"},
	{Key: DimComponents, Name: "Components", Multi: true},
	{Key: DimLabels, Name: "Labels", Multi: true},
	{Key: DimAssignee, Name: "Assignee"},
}

// systemFields are the fields every search asks for.
var systemFields = []string{"summary", "description", "priority", "status", "created", "updated", "resolutiondate",
	"project", "issuetype", "components", "labels", "assignee"}

func (c *Connector) searchFields() []string {
	out := append([]string(nil), systemFields...)
	for _, cf := range c.cfg.CustomFields {
		out = append(out, cf.ID)
	}
	return out
}

// Dimensions lists the dimensions the connector's tickets carry: the fixed ones, then the chosen custom fields.
func (c *Connector) Dimensions() []tickets.Dimension {
	out := append([]tickets.Dimension(nil), fixedDimensions...)
	for _, cf := range c.cfg.CustomFields {
		name := cf.Name
		if name == "" {
			name = cf.Key
		}
		out = append(out, tickets.Dimension{Key: cf.Key, Name: name, Multi: cf.Multi})
	}
	return out
}

type named struct {
	Name        string `json:"name"`
	Key         string `json:"key"`
	DisplayName string `json:"displayName"`
}

type status struct {
	Name           string `json:"name"`
	StatusCategory struct {
		Key string `json:"key"`
	} `json:"statusCategory"`
}

// ToTicket maps one issue: ID = key (changes when the issue moves), SourceID = Jira's id (does not),
// Number = the id; statusCategory "done" is closed; resolutiondate only while closed; the description as
// plain text (ADF on Cloud, wiki markup on Data Center); URL {site}/browse/{key}.
func (c *Connector) ToTicket(is Issue) tickets.Ticket {
	f := is.Fields
	t := tickets.Ticket{ID: is.Key, SourceID: is.ID, URL: c.site + "/browse/" + is.Key}
	t.Number, _ = strconv.ParseInt(is.ID, 10, 64)
	t.Title = str(f["summary"])
	t.Description = c.descriptionText(f["description"])
	var pr, proj, typ, asg named
	decode(f["priority"], &pr)
	decode(f["project"], &proj)
	decode(f["issuetype"], &typ)
	decode(f["assignee"], &asg)
	t.Severity = pr.Name
	var st status
	decode(f["status"], &st)
	t.Status = st.Name
	t.Closed = st.StatusCategory.Key == "done"
	t.Opened = jiraTime(f["created"])
	t.Updated = jiraTime(f["updated"])
	if r := jiraTime(f["resolutiondate"]); !r.IsZero() {
		t.Resolved = &r
	}
	var comps []named
	decode(f["components"], &comps)
	var labels []string
	decode(f["labels"], &labels)
	t.Dimensions = map[string][]string{
		DimProject:  tickets.One(proj.Key),
		DimType:     tickets.One(typ.Name),
		DimAssignee: tickets.One(asg.DisplayName),
		DimLabels:   labels,
	}
	for _, cp := range comps {
		if cp.Name != "" {
			t.Dimensions[DimComponents] = append(t.Dimensions[DimComponents], cp.Name)
		}
	}
	for _, cf := range c.cfg.CustomFields {
		vals := customValues(f[cf.ID])
		if !cf.Multi && len(vals) > 1 {
			vals = []string{strings.Join(vals, ", ")}
		}
		t.Dimensions[cf.Key] = vals
	}
	t.Normalize()
	return t
}

func (c *Connector) descriptionText(raw json.RawMessage) string {
	if c.cfg.Flavor == DataCenter {
		return WikiText(str(raw))
	}
	return ADFText(raw)
}

// customValues reads a custom field of the common kinds: select / radio ({"value"}), multi-select and
// checkboxes ([{"value"}]), cascading select ({"value", "child": {"value"}} → "parent / child"), user
// pickers ({"displayName"}), text (a string, or ADF on Cloud for paragraph fields), number, labels ([strings]).
func customValues(raw json.RawMessage) []string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return valueStrings(v, raw)
}

func valueStrings(v any, raw json.RawMessage) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return tickets.One(x)
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(x)}
	case []any:
		var out []string
		for _, e := range x {
			b, _ := json.Marshal(e)
			out = append(out, valueStrings(e, b)...)
		}
		return out
	case map[string]any:
		if x["type"] == "doc" {
			return tickets.One(ADFText(raw))
		}
		if val, ok := x["value"].(string); ok {
			if child, ok := x["child"].(map[string]any); ok {
				if cv, ok := child["value"].(string); ok && cv != "" {
					return []string{val + " / " + cv}
				}
			}
			return tickets.One(val)
		}
		for _, k := range []string{"displayName", "name", "key"} {
			if s, ok := x[k].(string); ok && s != "" {
				return []string{s}
			}
		}
	}
	return nil
}

func decode(raw json.RawMessage, into any) {
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, into) // a field of another shape stays empty, never drops the ticket
	}
}

func str(raw json.RawMessage) string {
	var s string
	decode(raw, &s)
	return s
}

// jiraTime reads Jira's "2026-11-30T10:05:12.345+1030" (no colon in the offset).
func jiraTime(raw json.RawMessage) time.Time {
	t, err := httpapi.ParseTime(str(raw), time.UTC)
	if err != nil {
		return time.Time{} // missing (null) or unreadable: kept as empty
	}
	return t
}
