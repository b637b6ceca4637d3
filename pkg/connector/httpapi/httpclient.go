package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// NewHTTPClient returns the SDK's HTTP client for a datasource instance: Grafana's TLS (CA, client
// certificate, skip verify), proxy (including the secure SOCKS proxy), timeouts and middleware from its
// settings. Pass it as Options.HTTPClient; close its idle connections when the instance is disposed.
func NewHTTPClient(ctx context.Context, s backend.DataSourceInstanceSettings) (*http.Client, error) {
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("http client options: %w", err)
	}
	c, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("http client: %w", err)
	}
	return c, nil
}
