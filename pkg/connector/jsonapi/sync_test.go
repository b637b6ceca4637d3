package jsonapi

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/jsonapi/jsontest"
	"github.com/spacetime/tickets/pkg/connector/replay"
	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/syncer"
)

// failAfterFirstPage makes the API fail the request after the backfill's first page, once.
type failAfterFirstPage struct {
	*Connector
	srv  *jsontest.InHouse
	once sync.Once
}

func (f *failAfterFirstPage) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	return f.Connector.Opened(ctx, from, to, func(p connector.Page) error {
		f.once.Do(func() { f.srv.Fail("", replay.ServerError) })
		return page(p)
	})
}

// TestABackfillOfAnAPIListingInItsOwnOrderLosesNothingOnARetry: the in-house tracker lists oldest first,
// one ticket a page. After its first page the next request fails; the retried backfill must still load
// every ticket, not only those older than the first page's.
func TestABackfillOfAnAPIListingInItsOwnOrderLosesNothingOnARetry(t *testing.T) {
	data := jsontest.Generate(12, base.Add(-6*time.Hour), 20*time.Minute)
	srv := jsontest.NewInHouse(t, data, jsontest.InHouseOptions{Style: PagingOffset, PageCap: 1})
	spec := inHouseSpec(PagingOffset, "")
	spec.Paging.Size = 1
	if err := spec.Validate(); err != nil {
		t.Fatal(err)
	}
	c := New(Config{URL: srv.URL, Spec: spec, Secret: jsontest.Token, Tune: []func(*httpapi.Options){func(o *httpapi.Options) {
		o.Retry = httpapi.Retry{Attempts: 1, Base: time.Millisecond, Max: time.Millisecond}
	}}})
	st := store.New()
	s := syncer.New(&failAfterFirstPage{Connector: c, srv: srv}, st, syncer.Config{Window: 24 * time.Hour, PollInterval: time.Hour, Slices: 1},
		"In-house", func(err error) string { return err.Error() }, nil)
	s.Start()
	t.Cleanup(s.Stop)
	if !s.WaitReady(context.Background(), 30*time.Second) {
		t.Fatalf("the backfill did not finish: %+v", s.Status())
	}
	if st.Len() != len(data) {
		t.Fatalf("%d tickets stored after the retried backfill; want all %d", st.Len(), len(data))
	}
}
