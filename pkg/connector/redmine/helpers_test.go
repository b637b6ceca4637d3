package redmine_test

import (
	"errors"
	"net/http"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/redmine"
)

func asAPI(err error, target **httpapi.Error) bool { return errors.As(err, target) }

// fast keeps the framework's retries but with millisecond backoffs, so tests of transient failures are quick.
func fast(o *httpapi.Options) {
	o.Retry = httpapi.Retry{Base: time.Millisecond, Max: 5 * time.Millisecond}
}

func newClient(url string, hc *http.Client) *redmine.Client { return redmine.New(url, key, hc, fast) }
