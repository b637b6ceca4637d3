package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/settings"
)

// ticketSystem is what a datasource needs from one ticket system beyond reading tickets. Each system has one
// file, system_<id>.go, that builds it and registers it with registerSystem in an init function.
type ticketSystem interface {
	// Connector reads the system's tickets (the mapping rules are applied on top of it).
	Connector() connector.Connector
	// Health is Save & test: reachable, credentials accepted (and as whom), what the settings select.
	Health(ctx context.Context, d *Datasource) *backend.CheckHealthResult
}

// fieldLister is a system that lists its own fields that can become dimensions (GET system/fields, the config
// editor's "Fields from <system>"). The answer is written as JSON.
type fieldLister interface {
	SystemFields(ctx context.Context) (any, error)
}

// keyChecker is a system whose wrong credential does not fail a listing (Redmine answers as the anonymous
// user), so queries check the credential first, at most once per authCheckTTL.
type keyChecker interface {
	CheckKey(ctx context.Context) error
}

// newSystemFunc builds a system from valid settings; tune adjusts the connector framework's options.
type newSystemFunc func(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) ticketSystem

var systemBuilders = map[string]newSystemFunc{}

// registerSystem makes a system id (settings.System*) buildable; each system_<id>.go calls it once.
func registerSystem(id string, build newSystemFunc) {
	if _, dup := systemBuilders[id]; dup {
		panic("plugin: system registered twice: " + id)
	}
	systemBuilders[id] = build
}

// newSystem builds the system the settings name.
func newSystem(cfg settings.Settings, httpClient *http.Client, tune func(*httpapi.Options)) (ticketSystem, error) {
	build, ok := systemBuilders[cfg.System]
	if !ok {
		return nil, fmt.Errorf("the plugin cannot read ticket system %q", cfg.System)
	}
	return build(cfg, httpClient, tune), nil
}

// systemRoute is a resource only some systems answer (the JSON API's presets and Test mapping). It is served
// whatever the settings, so that a datasource still being set up can use it.
type systemRoute struct {
	pattern string
	serve   func(d *Datasource, w http.ResponseWriter, r *http.Request)
}

var systemRoutes []systemRoute

// registerRoute adds a system's resource (a net/http pattern such as "POST /system/test-mapping").
func registerRoute(pattern string, serve func(d *Datasource, w http.ResponseWriter, r *http.Request)) {
	systemRoutes = append(systemRoutes, systemRoute{pattern, serve})
}
