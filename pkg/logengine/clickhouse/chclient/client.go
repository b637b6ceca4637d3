// Package chclient talks to ClickHouse's HTTP interface: one SQL statement per request, every query sent
// readonly with the datasource's limits as URL settings, the answer read as JSONCompact. The HTTP
// interface is used because it is stable from 18.x to today (clickhouse-go/v2 needs a current server).
package chclient

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Limits are the per-query settings every statement carries (0: the server's default).
type Limits struct {
	MaxExecutionSeconds int   // max_execution_time
	MaxResultRows       int64 // max_result_rows, with result_overflow_mode=throw
	MaxMemoryBytes      int64 // max_memory_usage
}

// Client runs statements on one ClickHouse HTTP endpoint (a node holding the Distributed table).
type Client struct {
	URL      string // http(s)://host:port, no trailing slash
	User     string
	Password string // never logged, never in an error
	HTTP     *http.Client
	Limits   Limits
}

// Column is one result column's name and ClickHouse type.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Result is a statement's answer.
type Result struct {
	Meta       []Column            `json:"meta"`
	Data       [][]json.RawMessage `json:"data"`
	Rows       int                 `json:"rows"`
	Statistics struct {
		Elapsed   float64 `json:"elapsed"` // seconds ClickHouse spent
		RowsRead  int64   `json:"rows_read"`
		BytesRead int64   `json:"bytes_read"`
	} `json:"statistics"`
}

// Query runs one read-only SELECT and reads its JSONCompact answer. When ctx ends first (Grafana cancelled
// the request, or its deadline passed) the statement is killed on the server by its query_id.
func (c *Client) Query(ctx context.Context, sql string) (*Result, error) {
	if len(sql) > MaxQueryBytes {
		return nil, &TooLongError{Bytes: len(sql)}
	}
	id := queryID()
	body, err := c.post(ctx, c.settings(id), sql+"\nFORMAT JSONCompact")
	if err != nil {
		if ctx.Err() != nil {
			c.kill(id)
			return nil, &CancelledError{cause: ctx.Err()}
		}
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("ClickHouse at %s answered with something that is not JSONCompact: %.200s", c.URL, body)
	}
	return &r, nil
}

// MaxQueryBytes is the longest statement sent (ClickHouse's max_query_size, 256 KiB by default, raised
// so long =| lists fit); longer statements are refused before they reach the server.
const MaxQueryBytes = 8 << 20

// TooLongError: the statement would exceed MaxQueryBytes.
type TooLongError struct{ Bytes int }

func (e *TooLongError) Error() string {
	return fmt.Sprintf("The query's SQL would be %d KiB, more than the %d KiB ClickHouse is asked to parse: shorten the filter's value lists.", e.Bytes>>10, MaxQueryBytes>>10)
}

func (c *Client) settings(queryID string) url.Values {
	v := url.Values{"readonly": {"1"}, "query_id": {queryID}, "max_query_size": {strconv.Itoa(MaxQueryBytes + 1024)}}
	if c.Limits.MaxExecutionSeconds > 0 {
		v.Set("max_execution_time", strconv.Itoa(c.Limits.MaxExecutionSeconds))
	}
	if c.Limits.MaxResultRows > 0 {
		v.Set("max_result_rows", strconv.FormatInt(c.Limits.MaxResultRows, 10))
		v.Set("result_overflow_mode", "throw")
	}
	if c.Limits.MaxMemoryBytes > 0 {
		v.Set("max_memory_usage", strconv.FormatInt(c.Limits.MaxMemoryBytes, 10))
	}
	return v
}

func (c *Client) post(ctx context.Context, params url.Values, sql string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/?"+params.Encode(), strings.NewReader(sql))
	if err != nil {
		return nil, fmt.Errorf("the ClickHouse URL %q cannot be used: %v", c.URL, err)
	}
	if c.User != "" || c.Password != "" {
		req.SetBasicAuth(c.User, c.Password)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &UnreachableError{URL: c.URL, cause: redact(err.Error(), c.Password)}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &UnreachableError{URL: c.URL, cause: redact(err.Error(), c.Password)}
	}
	if res.StatusCode != http.StatusOK {
		return nil, serverError(res.StatusCode, redact(string(body), c.Password))
	}
	return body, nil
}

// kill stops a cancelled statement on the server; closing the connection alone does not stop it on 18.x.
func (c *Client) kill(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = c.post(ctx, url.Values{}, "KILL QUERY WHERE query_id = '"+id+"' ASYNC")
}

func queryID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "spacetime-" + hex.EncodeToString(b[:]) // only [0-9a-f-]: safe inside the KILL literal
}

func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "<redacted>")
}
