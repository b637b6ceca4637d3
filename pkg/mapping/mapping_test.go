package mapping_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/mapping"
	"github.com/spacetime/tickets/pkg/tickets"
)

func page(ts ...tickets.Ticket) tickets.List {
	return tickets.List{Dimensions: []tickets.Dimension{{Key: "labels", Name: "Labels", Multi: true},
		{Key: "components", Name: "Components", Multi: true}, {Key: "team", Name: "Team"}}, Tickets: ts}
}

func TestLabelPrefixScopedLabelAndComponentRules(t *testing.T) {
	rules := []mapping.Rule{
		{From: "labels", Prefix: "service:", To: "service"},
		{From: "labels", Prefix: "severity::", To: mapping.TargetSeverity},
		{From: "components", To: "area", Name: "Area"},
	}
	list := page(
		tickets.Ticket{ID: "OPS-1", Severity: "Medium", Dimensions: map[string][]string{
			"labels":     {"Service:checkout", "severity::1", "severity::3", "service:cart", "flaky"},
			"components": {"Payments", "Web"}}},
		tickets.Ticket{ID: "OPS-2", Severity: "Medium", Dimensions: map[string][]string{"labels": {"service:"}}},
	)
	mapping.Apply(rules, &list)

	one, two := list.Tickets[0], list.Tickets[1]
	if !slices.Equal(one.Dimensions["service"], []string{"checkout", "cart"}) {
		t.Errorf("service %v: a label prefix matches ignoring case and keeps every value", one.Dimensions["service"])
	}
	if one.Severity != "1" {
		t.Errorf("severity %q: the first scoped label wins", one.Severity)
	}
	if !slices.Equal(one.Dimensions["area"], []string{"Payments", "Web"}) {
		t.Errorf("area %v", one.Dimensions["area"])
	}
	if !slices.Equal(one.Dimensions["labels"], []string{"Service:checkout", "severity::1", "severity::3", "service:cart", "flaky"}) {
		t.Errorf("the labels themselves stay: %v", one.Dimensions["labels"])
	}
	if two.Severity != "Medium" || len(two.Dimensions["service"]) != 0 {
		t.Errorf("a bare prefix gives nothing: severity %q, service %v", two.Severity, two.Dimensions["service"])
	}
	var dims []string
	for _, d := range list.Dimensions {
		dims = append(dims, d.Key+":"+d.Name+":"+map[bool]string{true: "multi", false: "single"}[d.Multi])
	}
	if want := "labels:Labels:multi components:Components:multi team:Team:single service:Service:multi area:Area:multi"; strings.Join(dims, " ") != want {
		t.Errorf("dimensions %v", dims)
	}
}

func TestCheckNamesTheBadRule(t *testing.T) {
	fixed := []string{"id", "title", "severity", "status"}
	for _, c := range []struct {
		rules []mapping.Rule
		want  string
	}{
		{[]mapping.Rule{{From: "labels", To: "service"}, {To: "region"}}, "mapping rule 2 has no source field"},
		{[]mapping.Rule{{From: "labels"}}, "mapping rule 1 (from labels) has no target"},
		{[]mapping.Rule{{From: "labels", To: "status"}}, `writes "status", a fixed ticket field`},
		{[]mapping.Rule{{From: "labels", To: "labels"}}, `reads and writes "labels"`},
	} {
		err := mapping.Check(c.rules, fixed)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.rules, err, c.want)
		}
	}
	if err := mapping.Check([]mapping.Rule{{From: "labels", Prefix: "sev", To: "severity"}}, fixed); err != nil {
		t.Errorf("a severity rule is allowed: %v", err)
	}
}
