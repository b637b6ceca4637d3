// Package jira is the connector for Jira Cloud (REST v3) and Jira Data Center / Server (REST v2).
//
// Cloud pages /rest/api/3/search/jql with nextPageToken (never the removed /search) and authenticates with
// email + API token (Basic). Data Center pages /rest/api/2/search with startAt/maxResults, follows a page
// size capped lower than asked, slices by time past the 10,000-result paging window, and authenticates with
// a personal access token (Bearer) or Basic. Both build JQL from the optional scope, read JQL dates in the
// API user's time zone (from /myself) to the minute, and map issues onto tickets.Ticket (mapping.go).
package jira

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Flavor is the Jira deployment a connector talks to.
type Flavor int

// Flavors.
const (
	Cloud Flavor = iota
	DataCenter
)

// Name is how messages name the flavor.
func (f Flavor) Name() string {
	if f == DataCenter {
		return "Jira Data Center"
	}
	return "Jira Cloud"
}

func (f Flavor) api() string {
	if f == DataCenter {
		return "/rest/api/2"
	}
	return "/rest/api/3"
}

// Auth is how requests authenticate.
type Auth struct {
	// Bearer sends Secret as "Authorization: Bearer" (a Data Center personal access token); otherwise Basic
	// with User (Cloud: the account's email; Data Center: the user name) and Secret (API token or password).
	Bearer bool
	User   string
	Secret string
}

// CustomField is a custom field chosen in the settings to become a dimension.
type CustomField struct {
	// ID is Jira's field id ("customfield_10010"); Key the dimension key ("service"); Name its display name.
	ID, Key, Name string
	// Multi marks fields with several values (multi-select, multi-user, labels).
	Multi bool
}

// Config configures a connector.
type Config struct {
	Flavor Flavor
	// Site is the Jira base URL ("https://example.atlassian.net", "https://jira.example.com/jira").
	Site string
	Auth Auth
	// Scope is optional JQL ANDed to every search ("project in (OPS, SHOP) AND priority >= High").
	Scope        string
	CustomFields []CustomField
	// HTTPClient should come from the SDK's httpclient (Grafana's proxy and TLS settings).
	HTTPClient *http.Client
	// PageSize is the maxResults asked for (default: Cloud 100, Data Center 1,000); Jira may answer fewer.
	PageSize int
	// PagingWindow is how deep Data Center pages before slicing by time (default 10,000).
	PagingWindow int
	// Tune adjusts the framework client's options (retries, logging of retried attempts), as for every system.
	Tune []func(*httpapi.Options)
	// Now is the clock (tests).
	Now func() time.Time
}

// Connector reads one Jira site.
type Connector struct {
	cfg  Config
	site string
	http *httpapi.Client

	zoneMu sync.Mutex
	zone   *time.Location // the API user's zone; nil until known
	zoned  bool
}

var (
	_ connector.Connector  = (*Connector)(nil)
	_ connector.Reconciler = (*Connector)(nil)
)

// New returns a connector for cfg.
func New(cfg Config) *Connector {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = map[Flavor]int{Cloud: 100, DataCenter: 1000}[cfg.Flavor]
	}
	if cfg.PagingWindow <= 0 {
		cfg.PagingWindow = 10000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	site := strings.TrimRight(cfg.Site, "/")
	return &Connector{cfg: cfg, site: site, http: client(cfg, site)}
}

// Flavor is the deployment the connector talks to.
func (c *Connector) Flavor() Flavor { return c.cfg.Flavor }
