package servicenow

import (
	"context"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/servicenow/snowtest"
)

// BenchmarkPollCost prints what one poll and one backfill cost at the defaults (1,000 records a page):
// requests per poll with 0, 50 and 2,500 records changed since the last one, and requests for a 5,000-record
// backfill. go test -run '^$' -bench PollCost -benchtime 1x ./pkg/connector/servicenow/
func BenchmarkPollCost(b *testing.B) {
	now := time.Now().UTC()
	recs := snowtest.Generate(5000, now.Add(-6*24*time.Hour), 100*time.Second)
	srv := snowtest.New(b, recs, snowtest.Options{})
	c := New(Config{Instance: srv.URL, Auth: Auth{User: snowtest.User, Password: snowtest.Password}, HTTPClient: srv.Client()})
	count := func(f func() error) float64 {
		before := len(srv.Requests())
		if err := f(); err != nil {
			b.Fatal(err)
		}
		return float64(len(srv.Requests()) - before)
	}
	none := func(connector.Page) error { return nil }
	for i := 0; i < b.N; i++ {
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), now.Add(time.Minute), none) }), "requests/poll(0-changed)")
		for j := 0; j < 50; j++ {
			srv.Update(recs[j].Number, now, func(*snowtest.Record) {})
		}
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), now.Add(-time.Second), none) }), "requests/poll(50-changed)")
		for j := 0; j < 2500; j++ {
			srv.Update(recs[j].Number, now, func(*snowtest.Record) {})
		}
		b.ReportMetric(count(func() error { return c.Changed(context.Background(), now.Add(-time.Second), none) }), "requests/poll(2500-changed)")
		b.ReportMetric(count(func() error { return c.Opened(context.Background(), now.Add(-7*24*time.Hour), now, none) }), "requests/backfill(5000)")
	}
}
