package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// MaxValues is the most values /values lists.
const MaxValues = 1000

// CallResource serves the editors: GET fields (every filterable field and its kind) and GET values
// (distinct values of one field in a time range: ?field=client&from=<ms>&to=<ms>&search=<text>), which back
// the filter builder, ad hoc filters and query variables.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	reply := func(status int, body any) error {
		b, _ := json.Marshal(body)
		return sender.Send(&backend.CallResourceResponse{Status: status, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: b})
	}
	replyErr := func(status int, err error) error {
		return reply(status, map[string]string{"error": d.settings.Redact(err.Error())})
	}
	if d.settingsErr != nil {
		return replyErr(http.StatusBadRequest, d.settingsErr)
	}
	m, err := d.getModel(ctx)
	if err != nil {
		return replyErr(http.StatusBadGateway, err)
	}
	u, _ := url.Parse(req.URL)
	params := u.Query()
	switch req.Path {
	case "fields":
		type field struct {
			Key   string `json:"key"`
			Kind  string `json:"kind"`
			Chain bool   `json:"chain"` // computed per chain
		}
		var out []field
		for _, f := range m.chainCatalog() {
			kind := map[chsql.Kind]string{chsql.KindText: "string", chsql.KindNumber: "number", chsql.KindTime: "time"}[f.Kind]
			out = append(out, field{f.Key, kind, !f.Any && f.Key != KeyChain})
		}
		return reply(http.StatusOK, out)
	case "values":
		key := params.Get("field")
		var expr string
		for _, f := range m.eventCatalog() {
			if f.Key == key && f.Kind == chsql.KindText {
				expr = f.Expr
			}
		}
		if expr == "" {
			return replyErr(http.StatusBadRequest, fmt.Errorf("values are listed for the text fields of events; %q is not one", key))
		}
		to := time.Now().UnixMilli()
		from := to - time.Hour.Milliseconds()
		if v, err := strconv.ParseInt(params.Get("from"), 10, 64); err == nil {
			from = v
		}
		if v, err := strconv.ParseInt(params.Get("to"), 10, 64); err == nil {
			to = v
		}
		where := m.time.between(from, to)
		if s := params.Get("search"); s != "" {
			where += " AND position(lowerUTF8(" + expr + "), " + chsql.String(strings.ToLower(s)) + ") > 0"
		}
		r, err := d.client.Query(ctx, "SELECT DISTINCT "+expr+" AS v FROM "+m.table+" WHERE "+where+" ORDER BY v LIMIT "+chsql.Int(MaxValues))
		if err != nil {
			return replyErr(http.StatusBadGateway, err)
		}
		values := make([]string, len(r.Data))
		for i := range r.Data {
			values[i] = r.String(i, 0)
		}
		return reply(http.StatusOK, values)
	}
	return replyErr(http.StatusNotFound, fmt.Errorf("no resource %q: use fields or values", req.Path))
}
