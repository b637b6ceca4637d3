package redmine_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/redmine"
	"github.com/spacetime/tickets/pkg/connector/redmine/redminetest"
)

func sampleIssues(t *testing.T) []redmine.Issue {
	t.Helper()
	raw, err := json.Marshal(redminetest.SampleIssues())
	if err != nil {
		t.Fatal(err)
	}
	var issues []redmine.Issue
	if err := json.Unmarshal(raw, &issues); err != nil {
		t.Fatal(err)
	}
	return issues
}

func TestToTicketsKeepsMissingValues(t *testing.T) {
	list := redmine.ToTickets("https://redmine.example/sub/", sampleIssues(t), []string{"id", "title", "status"})

	var keys []string
	for _, d := range list.Dimensions {
		k := d.Key + "=" + d.Name
		if d.Multi {
			k += "(multi)"
		}
		keys = append(keys, k)
	}
	want := "tracker=Tracker category=Category project=Project assignee=Assignee service=Service region=Region affected_teams=Affected teams(multi)"
	if got := strings.Join(keys, " "); got != want {
		t.Fatalf("dimensions\n got %s\nwant %s", got, want)
	}
	if len(list.Tickets) != 4 {
		t.Fatalf("%d tickets", len(list.Tickets))
	}
	byID := map[string]int{}
	for i, tk := range list.Tickets {
		byID[tk.ID] = i
	}
	t103 := list.Tickets[byID["103"]]
	if t103.URL != "https://redmine.example/sub/issues/103" || t103.Number != 103 || len(t103.Dimensions["assignee"]) != 0 ||
		len(t103.Dimensions["region"]) != 0 || !slices.Equal(t103.Dimensions["affected_teams"], []string{"payments", "support"}) ||
		!slices.Equal(t103.Dimensions["service"], []string{"refunds"}) || t103.Severity != "Urgent" {
		t.Fatalf("ticket 103 = %+v", t103)
	}
	t102 := list.Tickets[byID["102"]]
	if t102.Resolved == nil || !t102.Closed || t102.Status != "Closed" {
		t.Fatalf("ticket 102 = %+v", t102)
	}
	t101 := list.Tickets[byID["101"]]
	if _, ok := t101.Dimensions["service"]; ok {
		t.Fatalf("ticket 101 has no custom fields, got %v", t101.Dimensions)
	}
}

func TestCustomFieldNamedLikeAFixedFieldGetsItsID(t *testing.T) {
	issues := []redmine.Issue{{ID: 1, CustomFields: []redmine.CustomField{
		{ID: 7, Name: "Status", Value: json.RawMessage(`"x"`)},
		{ID: 8, Name: "Tracker", Value: json.RawMessage(`"y"`)},
		{ID: 9, Name: "!!!", Value: json.RawMessage(`3`)},
	}}}
	list := redmine.ToTickets("http://r", issues, []string{"status"})
	got := map[string]string{}
	for _, d := range list.Dimensions {
		got[d.Key] = d.Name
	}
	if got["cf_7"] != "Status" || got["cf_8"] != "Tracker" || got["cf_9"] != "!!!" {
		t.Fatalf("dimensions %v", got)
	}
	if !slices.Equal(list.Tickets[0].Dimensions["cf_9"], []string{"3"}) {
		t.Fatalf("numeric value dropped: %v", list.Tickets[0].Dimensions)
	}
}

// Redmine keeps closed_on when a closed issue is reopened: the ticket is open and has no resolved time.
func TestAReopenedIssueIsOpenWithoutResolvedTime(t *testing.T) {
	closedOn := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	open, closed := false, true
	issues := []redmine.Issue{
		{ID: 1, Status: &redmine.Status{ID: 2, Name: "In Progress", IsClosed: &open}, ClosedOn: &closedOn},
		{ID: 2, Status: &redmine.Status{ID: 5, Name: "Closed", IsClosed: &closed}, ClosedOn: &closedOn},
	}
	list := redmine.ToTickets("http://r", issues, nil)
	for _, tk := range list.Tickets {
		switch tk.ID {
		case "1":
			if tk.Closed || tk.Resolved != nil {
				t.Errorf("reopened issue: closed %v, resolved %v; want open without a resolved time", tk.Closed, tk.Resolved)
			}
		case "2":
			if !tk.Closed || tk.Resolved == nil || !tk.Resolved.Equal(closedOn) {
				t.Errorf("closed issue: closed %v, resolved %v", tk.Closed, tk.Resolved)
			}
		}
	}
}
