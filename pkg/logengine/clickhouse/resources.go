package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/filter"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
)

// Limits of the values resource.
const (
	DefaultValues = 100
	MaxValues     = 1000
)

// fieldNames are the display names of the fields (dimensions show their key).
var fieldNames = map[string]string{
	KeyChain: "Chain", KeyTime: "Time", KeyStep: "Step", KeyService: "Service", KeyClient: "Client", KeyOutcome: "Outcome",
	KeyStepDuration: "Step duration", KeyFirst: "First event", KeyLast: "Last event", KeyDuration: "Duration",
	KeySteps: "Steps", KeyDistinctSteps: "Distinct steps", KeyRetries: "Retries", KeyErrors: "Errors",
}

// CallResource serves the editors with the same contracts as the ticket systems, so the filter builder,
// ad hoc filters and query variables work unchanged: GET fields ([{key, name, type}]) and GET
// values?field=&from=&to=&filters=&search=&limit= ([{value, count}], most frequent first), counted by ClickHouse.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	reply := func(status int, body any) error {
		b, _ := json.Marshal(body)
		return sender.Send(&backend.CallResourceResponse{Status: status, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: b})
	}
	replyErr := func(status int, err error) error {
		return reply(status, map[string]string{"message": d.settings.Redact(err.Error())})
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
			Key  string `json:"key"`
			Name string `json:"name"`
			Type string `json:"type"`
		}
		var out []field
		for _, f := range m.chainCatalog() {
			name := fieldNames[f.Key]
			if name == "" {
				name = f.Key
			}
			out = append(out, field{f.Key, name, map[chsql.Kind]string{chsql.KindText: "string", chsql.KindNumber: "number", chsql.KindTime: "time", chsql.KindStrings: "strings"}[f.Kind]})
		}
		return reply(http.StatusOK, out)
	case "values":
		values, err := d.values(ctx, m, params)
		if err != nil {
			var qe *queryError
			if ok := asQueryError(err, &qe); ok {
				return replyErr(http.StatusBadRequest, err)
			}
			return replyErr(http.StatusBadGateway, err)
		}
		return reply(http.StatusOK, values)
	}
	return replyErr(http.StatusNotFound, fmt.Errorf("no resource %q: use fields or values", req.Path))
}

type valueCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

// values counts per value of one field, most frequent first: the events for an event field, narrowed by
// event-level filters and search; the chains (first event in the range) for a chain field (duration, steps,
// retries…), narrowed by any filter as the chains query reads it. Values are the text = compares.
func (d *Datasource) values(ctx context.Context, m *model, p url.Values) ([]valueCount, error) {
	key := p.Get("field")
	field, ok := m.chainCatalog().Lookup(key)
	if !ok {
		return nil, &queryError{fmt.Sprintf("Values are listed for the fields of events and chains (%s); %q is not one.", strings.Join(m.chainCatalog().Keys(), ", "), key)}
	}
	perChain := slices.Contains(chainKeys, key)
	to := time.Now().UnixMilli()
	from := to - time.Hour.Milliseconds()
	for name, dst := range map[string]*int64{"from": &from, "to": &to} {
		if v := p.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, &queryError{fmt.Sprintf("%s must be epoch milliseconds, got %q", name, v)}
			}
			*dst = n
		}
	}
	var conds []filter.Condition
	if raw := p.Get("filters"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &conds); err != nil {
			return nil, &queryError{fmt.Sprintf("the filters parameter must be a JSON list of filters like [{\"key\":\"client\",\"operator\":\"=\",\"value\":\"web\"}]: %v", err)}
		}
	}
	// Conditions on chain fields (duration > 2000 beside an event field's picker) narrow the events to the
	// chains that meet them.
	byChain := perChain || slices.ContainsFunc(conds, func(c filter.Condition) bool { return slices.Contains(chainKeys, c.Key) })
	catalog := m.eventCatalog()
	if byChain {
		catalog = m.chainCatalog()
	}
	where, err := catalog.Where(nil, conds, p.Get("search"))
	if err != nil {
		return nil, &queryError{err.Error()}
	}
	limit := int64(DefaultValues)
	if l := p.Get("limit"); l != "" {
		n, err := strconv.ParseInt(l, 10, 64)
		if err != nil || n < 0 {
			return nil, &queryError{fmt.Sprintf("limit must be a whole number of values, got %q", l)}
		}
		limit = min(max(n, 1), MaxValues)
	}
	var sql string
	chains := m.chainSource(span{from, to}, d.lookbackMs(), where)
	switch {
	case perChain:
		sql = "SELECT " + chsql.ValueText(field) + " AS v, count() AS n FROM (" + chains + ")"
	case byChain:
		field, _ = m.eventCatalog().Lookup(key)
		sql = "SELECT " + chsql.ValueText(field) + " AS v, count() AS n FROM " + m.table + " WHERE " + m.time.between(from, to) +
			" AND " + m.chain + " GLOBAL IN (SELECT c_chain FROM (" + chains + "))"
	default:
		field, _ = m.eventCatalog().Lookup(key)
		sql = "SELECT " + chsql.ValueText(field) + " AS v, count() AS n FROM " + m.table + " WHERE " + m.time.between(from, to) + " AND " + where
	}
	r, err := d.client.Query(ctx, sql+" GROUP BY v ORDER BY n DESC, v LIMIT "+chsql.Int(limit))
	if err != nil {
		return nil, err
	}
	out := make([]valueCount, len(r.Data))
	for i := range r.Data {
		n, err := r.Int(i, 1)
		if err != nil {
			return nil, err
		}
		out[i] = valueCount{r.String(i, 0), n}
	}
	return out, nil
}
