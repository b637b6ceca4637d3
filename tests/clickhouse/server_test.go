//go:build integration

package clickhouse

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
)

// server is the running test cluster, from the env file clickhouse.sh writes.
type server struct {
	url, db, user, password, adminUser, adminPassword string
}

func serverFromEnv(t *testing.T) server {
	t.Helper()
	s := server{url: os.Getenv("CLICKHOUSE_URL"), db: os.Getenv("CLICKHOUSE_DATABASE"), user: os.Getenv("CLICKHOUSE_USER"),
		password: os.Getenv("CLICKHOUSE_PASSWORD"), adminUser: os.Getenv("CLICKHOUSE_ADMIN_USER"), adminPassword: os.Getenv("CLICKHOUSE_ADMIN_PASSWORD")}
	if s.url == "" || s.db == "" || s.adminUser == "" {
		t.Fatal("CLICKHOUSE_URL, CLICKHOUSE_DATABASE and CLICKHOUSE_ADMIN_USER are not set: run scripts/clickhouse/clickhouse.sh up and source .cache/clickhouse/env")
	}
	return s
}

// exec runs an admin statement (DDL, inserts); the plugin never sends one.
func (s server) exec(t *testing.T, sql string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.url+"/?"+url.Values{"database": {s.db}}.Encode(), strings.NewReader(sql))
	req.SetBasicAuth(s.adminUser, s.adminPassword)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%.600s\n-> %.600s", sql, body)
	}
	return string(body)
}

// client is the read-only client the plugin uses, as the test user.
func (s server) client() *chclient.Client {
	return &chclient.Client{URL: s.url, User: s.user, Password: s.password, HTTP: &http.Client{Timeout: time.Minute}}
}

func (s server) query(t *testing.T, sql string) *chclient.Result {
	t.Helper()
	r, err := s.client().Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%.600s\n-> %.600v", sql, err)
	}
	return r
}
