package query_test

import (
	"strings"
	"testing"

	"github.com/spacetime/tickets/pkg/query"
)

func TestParseTickets(t *testing.T) {
	tests := []struct {
		json       string
		wantLimit  int
		wantNotice bool
		wantErr    string
	}{
		{``, 1000, false, ""},
		{`{"refId":"A","queryType":"tickets"}`, 1000, false, ""},
		{`{"limit":0}`, 1000, false, ""},
		{`{"limit":250}`, 250, false, ""},
		{`{"limit":100000}`, 100000, false, ""},
		{`{"limit":500000}`, 100000, true, ""},
		{`{"limit":-1}`, 0, false, "limit must not be negative"},
		{`{"limit":2.5}`, 0, false, "limit must be a whole number"},
		{`{"limit":"ten"}`, 0, false, `limit must be a whole number, got "ten"`},
		{`{"limit":"250"}`, 250, false, ""},
		{`{"limit":null}`, 1000, false, ""},
		{`{"limit":true}`, 0, false, `limit must be a whole number, got "true"`},
		{`[1,2]`, 0, false, "the query JSON is malformed: expected a JSON object, got a JSON array"},
		{`{"limit":`, 0, false, "the query JSON is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			q, notices, err := query.ParseTickets([]byte(tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.Limit != tt.wantLimit || (len(notices) > 0) != tt.wantNotice {
				t.Fatalf("limit=%d notices=%v", q.Limit, notices)
			}
		})
	}
}
