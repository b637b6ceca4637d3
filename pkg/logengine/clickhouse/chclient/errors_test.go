package chclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestServerErrorsOfOldAndNewServers(t *testing.T) {
	for body, want := range map[string]*ServerError{
		"Code: 159, e.displayText() = DB::Exception: Timeout exceeded: elapsed 1.2 seconds, maximum: 1, e.what() = DB::Exception\n": {Code: 159, Text: "Timeout exceeded: elapsed 1.2 seconds, maximum: 1"},
		"Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE) (version 24.8.1.1)\n":                             {Code: 60, Text: "Table default.x does not exist. (UNKNOWN_TABLE) (version 24.8.1.1)"},
		"<html>bad gateway</html>": {Code: 0, Text: "HTTP 502: <html>bad gateway</html>"},
	} {
		var se *ServerError
		if err := serverError(502, body); !errors.As(err, &se) || se.Code != want.Code || se.Text != want.Text {
			t.Errorf("%q: %#v, want %#v", body, err, want)
		}
	}
	if msg := (&ServerError{Code: CodeTimeoutExceeded, Text: "x"}).Error(); !strings.HasPrefix(msg, "The query ran longer than the datasource's max execution time") {
		t.Errorf("timeout: %q", msg)
	}
}

// What the client sends: readonly, the limits, a query id; never the password in an error.
func TestEveryStatementIsReadonlyWithTheLimits(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("Code: 193, e.displayText() = DB::Exception: Wrong password for user u (s3cret-pw), e.what() = DB::Exception"))
	}))
	defer srv.Close()
	c := &Client{URL: srv.URL, User: "u", Password: "s3cret-pw", HTTP: srv.Client(), Limits: Limits{MaxExecutionSeconds: 7, MaxResultRows: 9, MaxMemoryBytes: 11}}
	_, err := c.Query(context.Background(), "SELECT 1")
	if err == nil || strings.Contains(err.Error(), "s3cret-pw") || !strings.HasPrefix(err.Error(), "ClickHouse rejected the user or password") {
		t.Fatalf("%v", err)
	}
	q := got.URL.Query()
	for k, v := range map[string]string{"readonly": "1", "max_execution_time": "7", "max_result_rows": "9", "result_overflow_mode": "throw", "max_memory_usage": "11"} {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	if !strings.HasPrefix(q.Get("query_id"), "spacetime-") {
		t.Errorf("query_id %q", q.Get("query_id"))
	}
	if _, err := c.Query(context.Background(), strings.Repeat("x", MaxQueryBytes+1)); !errors.As(err, new(*TooLongError)) {
		t.Errorf("a statement over MaxQueryBytes: %v", err)
	}
}
