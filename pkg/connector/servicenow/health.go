package servicenow

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Health is what Save & test found.
type Health struct {
	// Count is how many records within the scope were updated since the window's start (X-Total-Count).
	Count int
	// AuditReadable says whether deletions can be read from sys_audit_delete.
	AuditReadable bool
}

// TableError is ServiceNow refusing the table name (400 "Invalid table …").
type TableError struct{ Err *httpapi.Error }

func (e *TableError) Error() string { return e.Err.Error() }
func (e *TableError) Unwrap() error { return e.Err }

// Check is Save & test: the instance answers, the credentials are accepted (a token is fetched first with
// OAuth), the table exists, how many records updated since since the scope shows, and whether
// sys_audit_delete is readable.
func (c *Connector) Check(ctx context.Context, since time.Time) (Health, error) {
	req := c.tableRequest(c.cfg.Table, []string{"sys_id"})
	req.Query.Set("sysparm_query", c.scoped("sys_updated_on>="+snowTime(since)))
	req.Query.Set("sysparm_limit", "1")
	resp, err := c.http.Do(ctx, req, nil)
	var he *httpapi.Error
	if errors.As(err, &he) && he.Status == http.StatusBadRequest && strings.Contains(strings.ToLower(he.Detail), "invalid table") {
		return Health{}, &TableError{Err: he}
	}
	if err != nil {
		return Health{}, err
	}
	n, err := strconv.Atoi(resp.Header.Get("X-Total-Count"))
	if err != nil {
		n = -1
	}
	if _, err := c.auditDeleted(ctx, []string{"0"}); err != nil {
		return Health{Count: n}, err
	}
	ok, _ := c.AuditReadable()
	return Health{Count: n, AuditReadable: ok}, nil
}
