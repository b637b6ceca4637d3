package plugin

import (
	"os"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

func TestMain(m *testing.M) {
	// The framework's own tests check the backoff; here a dead fake Redmine should be noticed in milliseconds.
	retryPolicy = httpapi.Retry{Base: time.Millisecond, Max: 5 * time.Millisecond}
	os.Exit(m.Run())
}
