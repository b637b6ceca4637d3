package jsonapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/tickets"
)

// System names the connector in sentences.
const System = "JSON API"

// Config configures a connector.
type Config struct {
	// URL is the API's base URL; the template is relative to it, and every request stays on its site.
	URL  string
	Spec Spec
	// Secret is the token, password or API key the spec's auth sends.
	Secret string
	// Name names the system in sentences (default "JSON API").
	Name       string
	HTTPClient *http.Client
	Tune       []func(*httpapi.Options)
	Now        func() time.Time
}

// Connector reads tickets from one JSON API as its Spec describes.
type Connector struct {
	spec Spec
	base string
	http *httpapi.Client
	now  func() time.Time

	mu      sync.Mutex
	deleted map[string]bool // ids the API listed as deleted (Spec.Deleted)
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.Reconciler     = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

// New returns a connector; the spec must have passed Validate.
func New(cfg Config) *Connector {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Spec.Paging.Style == "" {
		cfg.Spec.Paging.Style = PagingNone
	}
	base := strings.TrimRight(cfg.URL, "/")
	opts := httpapi.Options{System: orDefault(cfg.Name, System), BaseURL: base, HTTPClient: cfg.HTTPClient, Auth: auth(cfg.Spec.Auth, cfg.Secret),
		Hints: httpapi.Hints{NotFound: "check the URL and the URL template settings"}}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	return &Connector{spec: cfg.Spec, base: base, http: httpapi.MustNew(opts), now: cfg.Now, deleted: map[string]bool{}}
}

func auth(a AuthSpec, secret string) httpapi.Auth {
	switch a.Type {
	case AuthBearer:
		return httpapi.Bearer{Token: secret}
	case AuthBasic:
		return httpapi.Basic{User: a.Username, Password: secret}
	case AuthHeader:
		return httpapi.TokenHeader{Header: a.Header, Prefix: a.Prefix, Token: secret, Name: "API key"}
	case AuthQuery:
		return httpapi.APIKeyQuery{Param: a.Param, Key: secret}
	}
	return httpapi.NoAuth{}
}

// Budget is the rate-limit budget of the API's latest answer that carried one.
func (c *Connector) Budget() connector.Budget { return c.http.Budget() }

// Severities are the spec's severities, least severe first (none: the engine orders them by name).
func (c *Connector) Severities(context.Context) ([]tickets.Severity, error) {
	out := make([]tickets.Severity, len(c.spec.Severities))
	for i, s := range c.spec.Severities {
		out[i] = tickets.Severity{Name: s, Rank: i + 1}
	}
	return out, nil
}

// absolute is the template as an absolute URL on the API's site.
func (c *Connector) absolute(tpl string) string {
	if strings.HasPrefix(tpl, "http://") || strings.HasPrefix(tpl, "https://") {
		return tpl
	}
	return c.base + "/" + strings.TrimLeft(tpl, "/")
}

// errStop ends a walk after the pages wanted (Test mapping reads one).
var errStop = errors.New("stop")

// walk pages the listing for w, mapping each page's records; keep filters the tickets delivered.
func (c *Connector) walk(ctx context.Context, w window, pages int, each func(ts []tickets.Ticket, problems []Problem, records int) error) error {
	tpl := c.expand(w)
	p := &templated{Paging: c.paging(c.spec.URLTemplate), url: c.absolute(tpl)}
	n := 0
	err := c.http.Walk(ctx, httpapi.Request{}, p, func(r *httpapi.Response) (httpapi.PageInfo, error) {
		recs, err := c.records(r.Body)
		if err != nil {
			return httpapi.PageInfo{}, err
		}
		var out []tickets.Ticket
		var problems []Problem
		for i, rec := range recs {
			t, pr, ok := c.ToTicket(rec, i)
			problems = append(problems, pr...)
			if !ok {
				continue
			}
			if c.spec.Deleted != nil && c.spec.Deleted.matches(rec) {
				c.markDeleted(t.ID)
				continue
			}
			out = append(out, t)
		}
		if err := each(out, problems, len(recs)); err != nil {
			return httpapi.PageInfo{}, err
		}
		n++
		if pages > 0 && n >= pages {
			return httpapi.PageInfo{}, errStop
		}
		return c.pageInfo(r.Body, len(recs)), nil
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

func (c *Connector) list(ctx context.Context, w window, keep func(tickets.Ticket) bool, page connector.PageFunc) error {
	fetched := 0
	return c.walk(ctx, w, 0, func(ts []tickets.Ticket, _ []Problem, _ int) error {
		list := tickets.List{Dimensions: c.Dimensions(), Total: -1}
		for _, t := range ts {
			if keep(t) {
				list.Tickets = append(list.Tickets, t)
			}
		}
		fetched += len(list.Tickets)
		if len(list.Tickets) == 0 {
			return nil
		}
		return page(connector.Page{List: list, Fetched: fetched, Total: -1})
	})
}

// Changed lists the template with {since} = since ({from} = since, {to} = now).
func (c *Connector) Changed(ctx context.Context, since time.Time, page connector.PageFunc) error {
	all := func(tickets.Ticket) bool { return true }
	return c.list(ctx, window{since: since, from: since, to: c.now().Add(time.Minute)}, all, page)
}

// Opened lists the template with {from}, {to} (and {since} = from: an API that filters by update time
// lists every ticket opened since then too) and keeps the tickets opened in [from, to).
func (c *Connector) Opened(ctx context.Context, from, to time.Time, page connector.PageFunc) error {
	keep := func(t tickets.Ticket) bool { return !t.Opened.Before(from) && t.Opened.Before(to) }
	return c.list(ctx, window{since: from, from: from, to: to}, keep, page)
}

func (c *Connector) markDeleted(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deleted[id] = true
}

// Existing says a ticket is gone when the API listed it as deleted (Spec.Deleted); a JSON API has no
// general way to ask for one ticket, so every other id is kept.
func (c *Connector) Existing(_ context.Context, ids []string) (map[string]bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = !c.deleted[id]
	}
	return out, nil
}

// Interleaved is true: the template lists in the API's own order (often by id or update, oldest first), not
// newest first by opening, so the sync neither splits a slice nor resumes it below its oldest ticket.
func (c *Connector) Interleaved() bool { return true }
