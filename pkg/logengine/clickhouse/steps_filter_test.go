package clickhouse

import (
	"regexp"
	"strings"
	"testing"
)

// TestTheStepsQueryDefinesWhatItsFilterNames: a steps query filtered on a chain's computed fields (its
// duration, errors, retries…) must compute them in the per-chain subquery its HAVING reads them from;
// ClickHouse answers an alias used but never defined with "Unknown identifier".
func TestTheStepsQueryDefinesWhatItsFilterNames(t *testing.T) {
	m, err := newModel(otelSettings(t), otelLogs)
	if err != nil {
		t.Fatal(err)
	}
	alias := regexp.MustCompile(`\bc_[a-z_]+\b`)
	for _, key := range []string{KeyLast, KeyDuration, KeySteps, KeyDistinctSteps, KeyRetries, KeyErrors} {
		q, err := parseQuery([]byte(`{"filters": [{"key": "` + key + `", "operator": ">", "value": "1"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		sql, err := m.stepsSQL(q, span{1000, 2000}, 300_000)
		if err != nil {
			t.Fatal(err)
		}
		having := sql[strings.Index(sql, " HAVING ")+len(" HAVING "):]
		having = having[:strings.Index(having, ") ARRAY JOIN")]
		for _, a := range alias.FindAllString(having, -1) {
			if !strings.Contains(sql, " AS "+a) {
				t.Errorf("filter on %s: the steps SQL reads %s in its HAVING (%s) but never defines it", key, a, having)
			}
		}
	}
}
