package clickhouse

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// CheckHealth answers "Save & test": ClickHouse answers, accepts the user, has the table with every
// mapped column in a usable type, and how many events the last hour holds.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	fail := func(err error) (*backend.CheckHealthResult, error) {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: d.settings.Redact(err.Error())}, nil
	}
	if d.settingsErr != nil {
		return fail(d.settingsErr)
	}
	r, err := d.client.Query(ctx, "SELECT version()")
	if err != nil {
		return fail(err)
	}
	version := r.String(0, 0)
	d.modelMu.Lock()
	d.model = nil // Save & test re-reads the columns
	d.modelMu.Unlock()
	m, err := d.getModel(ctx)
	if err != nil {
		return fail(err)
	}
	now := time.Now().UnixMilli()
	r, err = d.client.Query(ctx, "SELECT count() FROM "+m.table+" WHERE "+m.time.between(now-time.Hour.Milliseconds(), now+1))
	if err != nil {
		return fail(fmt.Errorf("The table %s and its columns are fine, but counting the last hour's events failed: %w", d.tableName(), err))
	}
	count, err := r.Int(0, 0)
	if err != nil {
		return fail(err)
	}
	rollup := ""
	if d.settings.RollupTable != "" {
		types, err := columnTypes(ctx, d.client, d.settings.Database, d.settings.RollupTable)
		if err != nil {
			return fail(err)
		}
		for _, c := range []string{"hour", "chain_id", "first_ms", "last_ms", "events", "steps", "errors", "client", "service", "first_step"} {
			if _, ok := types[c]; !ok {
				return fail(fmt.Errorf("The rollup table %s has no column %q: create it with the README's rollup SQL, or clear the Rollup table setting.", d.settings.RollupTable, c))
			}
		}
		if t := types["steps"]; t != RollupStepsType {
			return fail(fmt.Errorf("The rollup table %s has steps of type %s; the plugin reads %s (uniq, since this version): recreate the rollup with the README's rollup SQL, or clear the Rollup table setting.", d.settings.RollupTable, t, RollupStepsType))
		}
		rollup = "; rollup " + d.settings.RollupTable + " found"
	}
	user := d.settings.User
	if user == "" {
		user = "default"
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: d.settings.Redact(fmt.Sprintf(
		"Connected to ClickHouse %s at %s as %s; table %s has every mapped column; %d %s in the last hour%s",
		version, d.settings.URL, user, d.tableName(), count, plural(count, "event", "events"), rollup))}, nil
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// RollupStepsType is the rollup's distinct-steps column type (scripts/clickhouse/schema.sql).
const RollupStepsType = "AggregateFunction(uniq, String)"
