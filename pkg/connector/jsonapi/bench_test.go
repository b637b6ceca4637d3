package jsonapi

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/jsonapi/jsontest"
)

// BenchmarkPollCost prints what a poll and a backfill cost with the Zendesk preset (1,000 tickets a page):
// requests per poll with 50 and 2,500 tickets changed since the last one, and for a 5,000-ticket backfill.
// go test -run '^$' -bench PollCost -benchtime 1x ./pkg/connector/jsonapi/
func BenchmarkPollCost(b *testing.B) {
	now := time.Now().UTC()
	tks := jsontest.Generate(5000, now.Add(-6*24*time.Hour), 100*time.Second)
	srv := jsontest.NewZendesk(b, tks)
	all, _ := Presets()
	var spec Spec
	for _, p := range all {
		if p.ID == "zendesk" {
			spec = p.Spec
		}
	}
	spec.Auth.Username = jsontest.ZendeskUser
	c := New(Config{URL: srv.URL, Spec: spec, Secret: jsontest.ZendeskToken, HTTPClient: srv.Client()})
	count := func(f func() error) float64 {
		before := len(srv.Asked())
		if err := f(); err != nil {
			b.Fatal(err)
		}
		return float64(len(srv.Asked()) - before)
	}
	none := func(connector.Page) error { return nil }
	for i := 0; i < b.N; i++ {
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), tks[4950].Updated, none) }), "requests/poll(50-changed)")
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), tks[2500].Updated, none) }), "requests/poll(2500-changed)")
		b.ReportMetric(count(func() error { return c.Opened(context.Background(), now.Add(-7*24*time.Hour), now, none) }), "requests/backfill(5000)")
	}
}
