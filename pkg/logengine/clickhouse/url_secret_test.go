package clickhouse

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// TestARefusedClickHouseURLIsNotEchoedWithItsPassword: ClickHouse's HTTP interface takes user:password@ and
// ?password=, so a URL refused for its form must come back without them.
func TestARefusedClickHouseURLIsNotEchoedWithItsPassword(t *testing.T) {
	for _, raw := range []string{"clickhouse:8123/?password=hunter2-secret", "default:hunter2-secret@clickhouse:8123", "tcp://default:hunter2-secret@clickhouse:9000"} {
		jd, _ := json.Marshal(map[string]any{"clickhouse": map[string]any{"url": raw, "table": "t"}})
		_, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: jd})
		if err == nil || !strings.Contains(err.Error(), "The ClickHouse URL setting") {
			t.Fatalf("%s: %v", raw, err)
		}
		if strings.Contains(err.Error(), "hunter2-secret") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
	}
}
