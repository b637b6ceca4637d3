package jiratest

import (
	"fmt"
	"time"
)

// Issue is one issue as the replay server keeps it; it renders it in Jira's JSON shape on every answer.
type Issue struct {
	ID             int64
	Key            string
	ProjectKey     string
	ProjectName    string
	Summary        string
	Description    string // plain text: rendered as an ADF document (Cloud) or kept as wiki markup (DC)
	Priority       string
	Status         string
	StatusCategory string // "new", "indeterminate" or "done"
	IssueType      string
	Components     []string
	Labels         []string
	Assignee       *User
	Created        time.Time
	Updated        time.Time
	Resolution     *time.Time
	// Custom holds custom field values in Jira's JSON shape, keyed by field id ("customfield_10010").
	Custom map[string]any
	// ADF, when set, is the description as an ADF document (Cloud), overriding Description.
	ADF map[string]any
}

// User is a Jira user as /myself and the user fields show it.
type User struct {
	AccountID   string // Cloud
	Name        string // Data Center user name
	DisplayName string
	Email       string
	TimeZone    string
}

// Field is one entry of GET /rest/api/{2,3}/field.
type Field struct {
	ID     string
	Name   string
	Custom bool
	Schema map[string]any
}

// Priority is one entry of the priority list, most severe first as Jira orders them.
type Priority struct {
	ID, Name, Color string
}

// Custom field ids of the sample site, one per kind the connector maps.
const (
	FieldService   = "customfield_10010" // select
	FieldRegions   = "customfield_10011" // multi-select
	FieldLocation  = "customfield_10012" // cascading select
	FieldOwner     = "customfield_10013" // user picker
	FieldRootCause = "customfield_10014" // text field
	FieldCustomers = "customfield_10015" // number
	FieldRank      = "customfield_10019" // a kind the connector does not map (Jira Software's rank)
)

const customType = "com.atlassian.jira.plugin.system.customfieldtypes:"

// SampleFields is the field list of the sample site: system fields and one custom field of each kind.
func SampleFields() []Field {
	custom := func(id, name, typ, items, kind string, n int) Field {
		s := map[string]any{"type": typ, "custom": customType + kind, "customId": n}
		if items != "" {
			s["items"] = items
		}
		return Field{ID: id, Name: name, Custom: true, Schema: s}
	}
	system := func(id, name, typ, items string) Field {
		s := map[string]any{"type": typ, "system": id}
		if items != "" {
			s["items"] = items
		}
		return Field{ID: id, Name: name, Schema: s}
	}
	return []Field{
		system("summary", "Summary", "string", ""),
		system("description", "Description", "string", ""),
		system("priority", "Priority", "priority", ""),
		system("status", "Status", "status", ""),
		system("labels", "Labels", "array", "string"),
		system("components", "Components", "array", "component"),
		system("issuetype", "Issue Type", "issuetype", ""),
		system("project", "Project", "project", ""),
		system("assignee", "Assignee", "user", ""),
		system("created", "Created", "datetime", ""),
		system("updated", "Updated", "datetime", ""),
		system("resolutiondate", "Resolved", "datetime", ""),
		custom(FieldService, "Service", "option", "", "select", 10010),
		custom(FieldRegions, "Regions", "array", "option", "multiselect", 10011),
		custom(FieldLocation, "Location", "option-with-child", "", "cascadingselect", 10012),
		custom(FieldOwner, "Service owner", "user", "", "userpicker", 10013),
		custom(FieldRootCause, "Root cause", "string", "", "textfield", 10014),
		custom(FieldCustomers, "Customers affected", "number", "", "float", 10015),
		{ID: FieldRank, Name: "Rank", Custom: true, Schema: map[string]any{"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-lexo-rank", "customId": 10019}},
	}
}

// CloudPriorities are Jira Cloud's default priorities with their default colours, most severe first.
func CloudPriorities() []Priority {
	return []Priority{
		{"1", "Highest", "#d04437"}, {"2", "High", "#f15C75"}, {"3", "Medium", "#f79232"},
		{"4", "Low", "#707070"}, {"5", "Lowest", "#999999"},
	}
}

// Sample users.
var (
	Alice = &User{AccountID: "5b10ac8d82e05b22cc7d4ef5", Name: "alice", DisplayName: "Alice Example", Email: "alice@example.com"}
	Bob   = &User{AccountID: "5b10a2844c20165700ede21g", Name: "bob", DisplayName: "Bob Builder", Email: "bob@example.com"}
)

func option(v string) map[string]any {
	return map[string]any{"value": v, "id": fmt.Sprint(len(v) + 10100)}
}

func userJSON(u *User) map[string]any {
	return map[string]any{"accountId": u.AccountID, "name": u.Name, "displayName": u.DisplayName, "active": true}
}

// SampleIssues returns six issues of projects OPS and SHOP, created an hour apart from start: open and done,
// each custom field kind set, empty and missing values, an ADF description with a list and a mention.
func SampleIssues(start time.Time) []*Issue {
	at := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
	resolved := at(5)
	return []*Issue{
		{ID: 10001, Key: "OPS-1", ProjectKey: "OPS", ProjectName: "Operations", Summary: "Checkout times out in eu-west",
			Description: "Checkout p99 above 5 s.", Priority: "Highest", Status: "In Progress", StatusCategory: "indeterminate",
			IssueType: "Incident", Components: []string{"checkout", "payments"}, Labels: []string{"outage", "customer-facing"},
			Assignee: Alice, Created: at(0), Updated: at(1),
			Custom: map[string]any{
				FieldService: option("checkout"), FieldRegions: []any{option("eu-west"), option("eu-central")},
				FieldLocation: map[string]any{"value": "EU", "id": "10200", "child": map[string]any{"value": "Frankfurt", "id": "10201"}},
				FieldOwner:    userJSON(Bob), FieldRootCause: "connection pool exhausted", FieldCustomers: 1250.0,
			},
			ADF: map[string]any{"version": 1, "type": "doc", "content": []any{
				map[string]any{"type": "paragraph", "content": []any{
					map[string]any{"type": "text", "text": "Checkout p99 above "},
					map[string]any{"type": "text", "text": "5 s", "marks": []any{map[string]any{"type": "strong"}}},
					map[string]any{"type": "text", "text": " since 10:02, paged "},
					map[string]any{"type": "mention", "attrs": map[string]any{"id": Alice.AccountID, "text": "@Alice Example"}},
					map[string]any{"type": "hardBreak"},
					map[string]any{"type": "text", "text": "Runbook: "},
					map[string]any{"type": "inlineCard", "attrs": map[string]any{"url": "https://wiki.example.com/checkout"}},
				}},
				map[string]any{"type": "bulletList", "content": []any{
					map[string]any{"type": "listItem", "content": []any{map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "eu-west"}}}}},
					map[string]any{"type": "listItem", "content": []any{map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "eu-central"}}}}},
				}},
				map[string]any{"type": "codeBlock", "attrs": map[string]any{"language": "text"}, "content": []any{map[string]any{"type": "text", "text": "pool: 100/100 busy"}}},
			}},
		},
		{ID: 10002, Key: "OPS-2", ProjectKey: "OPS", ProjectName: "Operations", Summary: "Search latency alert",
			Description: "h2. Impact\n*Search* is slow for _some_ users, see [dashboard|https://grafana.example.com/d/search].\n* eu-west\n* us-east\n{code}p99=2.1s{code}",
			Priority:    "High", Status: "Done", StatusCategory: "done", IssueType: "Incident", Labels: []string{"alert"},
			Created: at(1), Updated: at(5), Resolution: &resolved,
			Custom: map[string]any{FieldService: option("search"), FieldRegions: []any{option("us-east")}, FieldCustomers: 3.0},
		},
		{ID: 10003, Key: "OPS-3", ProjectKey: "OPS", ProjectName: "Operations", Summary: "Disk almost full on db-7",
			Priority: "Medium", Status: "Reopened", StatusCategory: "new", IssueType: "Task", Components: []string{"database"},
			Assignee: Bob, Created: at(2), Updated: at(6), Resolution: &resolved, // Jira kept the old resolution date: open now
			Custom: map[string]any{FieldService: option("db"), FieldRegions: []any{}, FieldRootCause: nil},
		},
		{ID: 10004, Key: "SHOP-1", ProjectKey: "SHOP", ProjectName: "Shop", Summary: "Cart badge shows 0 items",
			Description: "Steps:\n# open cart\n# add item", Priority: "Low", Status: "To Do", StatusCategory: "new",
			IssueType: "Bug", Labels: []string{"frontend"}, Created: at(3), Updated: at(3),
			Custom: map[string]any{FieldService: option("cart"), FieldLocation: map[string]any{"value": "US", "id": "10210"}},
		},
		{ID: 10005, Key: "SHOP-2", ProjectKey: "SHOP", ProjectName: "Shop", Summary: "Typo on the checkout page",
			Priority: "Lowest", Status: "Closed", StatusCategory: "done", IssueType: "Bug", Components: []string{"checkout"},
			Created: at(4), Updated: at(7), Resolution: &resolved,
		},
		{ID: 10006, Key: "OPS-4", ProjectKey: "OPS", ProjectName: "Operations", Summary: "Payment provider returns 502",
			Priority: "Highest", Status: "Open", StatusCategory: "new", IssueType: "Incident", Components: []string{"payments"},
			Labels: []string{"outage"}, Assignee: Alice, Created: at(5), Updated: at(8),
			Custom: map[string]any{FieldService: option("payments"), FieldOwner: userJSON(Alice), FieldCustomers: 40.0},
		},
	}
}

// GenerateIssues returns n issues in project GEN, issue i created i*step after start and updated a minute
// later; every fourth is done, each carries labels and a select value.
func GenerateIssues(n int, start time.Time, step time.Duration) []*Issue {
	out := make([]*Issue, 0, n)
	prios := CloudPriorities()
	for i := 1; i <= n; i++ {
		created := start.Add(time.Duration(i) * step)
		is := &Issue{ID: int64(20000 + i), Key: fmt.Sprintf("GEN-%d", i), ProjectKey: "GEN", ProjectName: "Generated",
			Summary: fmt.Sprintf("Generated issue %d", i), Description: "generated", Priority: prios[i%len(prios)].Name,
			Status: "Open", StatusCategory: "new", IssueType: "Bug", Labels: []string{"gen", fmt.Sprintf("batch-%d", i%10)},
			Created: created, Updated: created.Add(time.Minute),
			Custom: map[string]any{FieldService: option(fmt.Sprintf("svc-%d", i%5))},
		}
		if i%4 == 0 {
			r := is.Updated
			is.Status, is.StatusCategory, is.Resolution = "Done", "done", &r
		}
		out = append(out, is)
	}
	return out
}
