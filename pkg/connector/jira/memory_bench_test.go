package jira_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/jira"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// BenchmarkStoreMemoryJiraTickets is the store's memory per Jira-shaped ticket: key and id, a 60-character
// title, a 300-character description, five fixed dimensions with components (1–2 values) and labels (2–3
// values) multi-valued, and three custom fields (a select, a multi-select of 1–3 regions, a user):
//
//	go test -run '^$' -bench StoreMemory -benchtime 1x ./pkg/connector/jira/
//
// 200,000 tickets: a month of a busy site.
func BenchmarkStoreMemoryJiraTickets(b *testing.B) {
	const n = 200_000
	dims := []tickets.Dimension{
		{Key: jira.DimProject, Name: "Project"}, {Key: jira.DimType, Name: "Issue type"},
		{Key: jira.DimComponents, Name: "Components", Multi: true}, {Key: jira.DimLabels, Name: "Labels", Multi: true},
		{Key: jira.DimAssignee, Name: "Assignee"}, {Key: "service", Name: "Service"},
		{Key: "regions", Name: "Regions", Multi: true}, {Key: "owner", Name: "Service owner"},
	}
	pick := func(vocab []string, i, k int) []string {
		out := make([]string, 0, k)
		for j := 0; j < k; j++ {
			out = append(out, vocab[(i*7+j*3)%len(vocab)])
		}
		return out
	}
	vocab := func(prefix string, k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = fmt.Sprintf("%s-%d", prefix, i)
		}
		return out
	}
	components, labels, regions, people, services := vocab("component", 12), vocab("label", 40), vocab("region", 8), vocab("Person", 60), vocab("svc", 25)
	start := time.Now().Add(-30 * 24 * time.Hour)
	for range b.N {
		// The baseline is taken before the tickets exist: the store keeps (shares) their strings.
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		batch := make([]tickets.Ticket, 0, n)
		for i := 0; i < n; i++ {
			at := start.Add(time.Duration(i) * 13 * time.Second)
			batch = append(batch, tickets.Ticket{
				ID: fmt.Sprintf("OPS-%d", i+1), SourceID: fmt.Sprint(100000 + i), Number: int64(100000 + i),
				Title:       fmt.Sprintf("Checkout latency above SLO in region %d for service %d %s", i%8, i%25, strings.Repeat("x", 8)),
				Description: strings.Repeat(fmt.Sprintf("line %d of the incident description. ", i%97), 10)[:300],
				URL:         fmt.Sprintf("https://example.atlassian.net/browse/OPS-%d", i+1),
				Severity:    []string{"Lowest", "Low", "Medium", "High", "Highest"}[i%5], Status: "In Progress",
				Opened: at, Updated: at.Add(time.Minute),
				Dimensions: map[string][]string{
					jira.DimProject: {"OPS"}, jira.DimType: {"Incident"}, jira.DimComponents: pick(components, i, 1+i%2),
					jira.DimLabels: pick(labels, i, 2+i%2), jira.DimAssignee: pick(people, i, 1),
					"service": pick(services, i, 1), "regions": pick(regions, i, 1+i%3), "owner": pick(people, i+5, 1),
				},
			})
		}
		st := store.New()
		for lo := 0; lo < n; lo += 1000 { // as the sync upserts: page by page
			st.Upsert(dims, batch[lo:min(lo+1000, n)])
		}
		batch = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "bytes/ticket")
		runtime.KeepAlive(st)
	}
	b.ReportMetric(0, "ns/op")
}
