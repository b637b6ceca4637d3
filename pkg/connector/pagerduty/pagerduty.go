// Package pagerduty is the connector for PagerDuty's REST API v2 (US: api.pagerduty.com, EU:
// api.eu.pagerduty.com).
//
// Backfills list /incidents by creation time (since/until, newest first, offset/limit), and split a range
// in halves while it holds more incidents than classic paging reaches (offset + limit ≤ 10,000).
// Incidents have no updated-since filter, so changes come from /log_entries?since= with the incidents
// embedded (include[]=incidents): every trigger, acknowledgement, reassignment, escalation, priority change
// and resolution writes a log entry, so one listing finds every incident changed since the last poll,
// whenever it was opened. Re-listing open and recently created incidents instead would miss an old
// incident resolved or changed today. Auth "Authorization: Token token=<key>" with the v2 Accept header;
// the 960 requests a minute are read from the ratelimit-* headers. Incidents map onto tickets in mapping.go.
package pagerduty

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// System names PagerDuty in sentences.
const System = "PagerDuty"

// Service regions' API URLs.
const (
	USURL = "https://api.pagerduty.com"
	EUURL = "https://api.eu.pagerduty.com"
)

// Accept is the v2 media type every request asks for.
const Accept = "application/vnd.pagerduty+json;version=2"

// Config configures a connector.
type Config struct {
	// BaseURL is the region's API URL (USURL, EUURL).
	BaseURL string
	// Token is the REST API key (account-level, read-only is enough) or a user's API token.
	Token string
	// ServiceIDs and TeamIDs narrow the incidents (any of them); empty: every incident the key sees.
	ServiceIDs, TeamIDs []string
	// HTTPClient should come from the SDK's httpclient (Grafana's proxy and TLS settings).
	HTTPClient *http.Client
	// PageSize is the limit asked (default and maximum 100).
	PageSize int
	// OffsetCap is the deepest offset + limit PagerDuty pages to (default 10,000).
	OffsetCap int
	// Tune adjusts the framework client's options (retries, logging of retried attempts).
	Tune []func(*httpapi.Options)
	// Now is the clock (tests).
	Now func() time.Time
}

// Connector reads one PagerDuty account.
type Connector struct {
	cfg  Config
	http *httpapi.Client
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.BudgetReporter = (*Connector)(nil)
)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.PageSize <= 0 || cfg.PageSize > 100 {
		cfg.PageSize = 100
	}
	if cfg.OffsetCap <= 0 {
		cfg.OffsetCap = 10000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	opts := httpapi.Options{System: System, BaseURL: strings.TrimRight(cfg.BaseURL, "/"), HTTPClient: cfg.HTTPClient,
		Auth:   httpapi.TokenHeader{Prefix: "Token token=", Token: cfg.Token, Name: "API key"},
		Header: http.Header{"Accept": {Accept}},
		Detail: detail,
		Hints: httpapi.Hints{
			Unauthorized: "check the API key (Integrations → API Access Keys) and that the URL is your account's service region (US or EU)",
			Forbidden:    "check that the API key may read incidents",
			NotFound:     "check that the URL is PagerDuty's API URL (https://api.pagerduty.com, or https://api.eu.pagerduty.com in the EU)",
		}}
	for _, f := range cfg.Tune {
		f(&opts)
	}
	return &Connector{cfg: cfg, http: httpapi.MustNew(opts)}
}

// Budget is the rate-limit budget of PagerDuty's latest answer (ratelimit-limit, -remaining, -reset).
func (c *Connector) Budget() connector.Budget { return c.http.Budget() }

// detail reads PagerDuty's error shape: {"error":{"message":"Invalid Input Provided","code":2001,"errors":[…]}}.
func detail(body []byte) string {
	var v struct {
		Error struct {
			Message string   `json:"message"`
			Errors  []string `json:"errors"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil || v.Error.Message == "" {
		return httpapi.DefaultDetail(body)
	}
	if len(v.Error.Errors) == 0 {
		return v.Error.Message
	}
	return v.Error.Message + ": " + strings.Join(v.Error.Errors, "; ")
}
