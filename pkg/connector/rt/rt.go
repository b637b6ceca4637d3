// Package rt is the connector for Request Tracker 5's REST2 API (/REST/2.0/, https://docs.bestpractical.com/rt/5.0.3/RT/REST2.html).
//
// It holds RT's endpoints (/rt for health, /tickets searched with TicketSQL and paged by page/per_page,
// /transactions for deletions, /customfield/:id for field definitions and values), its query language and
// its mapping onto tickets.Ticket. HTTP, retries, rate limits, paging and error sentences are
// pkg/connector/httpapi's.
//
// TicketSQL reads absolute dates in the RT user's time zone, which REST2 does not tell, and ignores a zone
// written in the date; relative dates ("now - 600 seconds") are read the same in every zone. So every time
// bound is written relative to RT's clock (its Date header gives the difference to ours), widened by a
// margin, and Opened keeps exactly [from, to) by the tickets' own Created times.
package rt

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// MaxPageSize is the largest page REST2 serves (it caps per_page at 100).
const MaxPageSize = 100

// Auth is how requests authenticate: an auth token ("Authorization: token <t>", RT 5's preferred way), or
// Basic with a user name and password.
type Auth struct {
	Token          string
	User, Password string
}

// PriorityRange names the priorities from From up to the next range's From.
type PriorityRange struct {
	Name string
	From int
}

// DefaultPriorityRanges are RT 5's own priority labels (%PriorityAsString: Low 0, Medium 50, High 100).
var DefaultPriorityRanges = []PriorityRange{{Name: "Low", From: 0}, {Name: "Medium", From: 50}, {Name: "High", From: 100}}

// Severity says where a ticket's severity comes from: a custom field (Field, its values in RT's order,
// most severe first), or else the numeric priority by Ranges (ascending From; default DefaultPriorityRanges).
type Severity struct {
	Field  string
	Ranges []PriorityRange
}

// Config configures a connector.
type Config struct {
	// URL is RT's base URL ("https://rt.example.com", "https://example.com/rt"); REST2 is under /REST/2.0.
	URL  string
	Auth Auth
	// Scope is optional TicketSQL ANDed to every search ("Queue = 'Ops' AND Status != 'rejected'").
	Scope    string
	Severity Severity
	// Reserved are the keys a custom field's dimension must not take (the frame's fixed fields).
	Reserved []string
	// HTTPClient should come from the SDK's httpclient (Grafana's proxy and TLS settings).
	HTTPClient *http.Client
	// PageSize is per_page (default and at most MaxPageSize).
	PageSize int
	// Tune adjusts the framework client's options (retries, logging of retried attempts).
	Tune []func(*httpapi.Options)
	// Now is the clock (tests).
	Now func() time.Time
}

// Connector reads one RT.
type Connector struct {
	cfg    Config
	site   string
	http   *httpapi.Client
	clock  *clock
	life   *lifecycles
	fields *fieldCache
	// learning serializes learning the fields and lifecycles of a page (mapItems).
	learning sync.Mutex
	err      error // a URL the framework refused; every call returns it
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.Reconciler     = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

// New returns a connector for cfg. A URL the framework refuses makes every call return that error.
func New(cfg Config) *Connector {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.PageSize <= 0 || cfg.PageSize > MaxPageSize {
		cfg.PageSize = MaxPageSize
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Severity.Field == "" && len(cfg.Severity.Ranges) == 0 {
		cfg.Severity.Ranges = DefaultPriorityRanges
	}
	cfg.Scope = strings.TrimSpace(cfg.Scope)
	site := strings.TrimRight(cfg.URL, "/")
	var auth httpapi.Auth = httpapi.TokenHeader{Prefix: "token ", Token: cfg.Auth.Token, Name: "auth token"}
	unauthorized := "check the auth token in the datasource settings (RT: Logged in as → Settings → Auth Tokens); it may have been revoked"
	if cfg.Auth.Token == "" {
		auth = httpapi.Basic{User: cfg.Auth.User, Password: cfg.Auth.Password}
		unauthorized = "check the user name and password in the datasource settings"
	}
	opts := httpapi.Options{
		System: "Request Tracker", BaseURL: site, HTTPClient: cfg.HTTPClient, Auth: auth,
		Hints: httpapi.Hints{
			Unauthorized: unauthorized,
			Forbidden:    "check that the RT user has the rights SeeQueue, ShowTicket and SeeCustomField on the queues of the scope",
			NotFound:     "check that the URL is RT's base URL (as in its Ticket/Display.html links), including any path such as /rt",
		},
	}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	hc, err := httpapi.New(opts)
	return &Connector{cfg: cfg, site: site, http: hc, err: err, clock: &clock{now: cfg.Now}, life: newLifecycles(), fields: newFieldCache()}
}

// Budget is the rate-limit budget RT reported (none: RT has no rate limits; a proxy in front may).
func (c *Connector) Budget() connector.Budget {
	if c.err != nil {
		return connector.Budget{Limit: -1, Remaining: -1}
	}
	return c.http.Budget()
}

// URL is RT's base URL.
func (c *Connector) URL() string { return c.site }
