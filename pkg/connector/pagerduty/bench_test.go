package pagerduty

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/pagerduty/pdtest"
)

// BenchmarkPollCost prints what one poll and one backfill cost at the defaults (100 a page, log entries with
// the incidents embedded): requests per poll with 0, 50 and 250 incidents changed since the last one, and
// requests for a 5,000-incident backfill. go test -run '^$' -bench PollCost -benchtime 1x ./pkg/connector/pagerduty/
func BenchmarkPollCost(b *testing.B) {
	now := time.Now().UTC()
	incs := pdtest.Generate(5000, now.Add(-6*24*time.Hour), 100*time.Second)
	srv := pdtest.New(b, incs, pdtest.Options{})
	c := New(Config{BaseURL: srv.URL, Token: pdtest.APIKey, HTTPClient: srv.Client()})
	count := func(f func() error) float64 {
		before := len(srv.Requests())
		if err := f(); err != nil {
			b.Fatal(err)
		}
		return float64(len(srv.Requests()) - before)
	}
	none := func(connector.Page) error { return nil }
	for i := 0; i < b.N; i++ {
		since := time.Now()
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), since, none) }), "requests/poll(0-changed)")
		for j := 0; j < 50; j++ {
			srv.Update(incs[j].Number, time.Now(), "annotate", func(*pdtest.Incident) {})
		}
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), since, none) }), "requests/poll(50-changed)")
		for j := 50; j < 250; j++ {
			srv.Update(incs[j].Number, time.Now(), "annotate", func(*pdtest.Incident) {})
		}
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), since, none) }), "requests/poll(250-changed)")
		b.ReportMetric(count(func() error { return c.Opened(context.Background(), now.Add(-7*24*time.Hour), now, none) }), "requests/backfill(5000)")
	}
}
