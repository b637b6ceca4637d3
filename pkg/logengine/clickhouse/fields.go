package clickhouse

import "github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"

// Field keys of filters, sort and frames.
const (
	KeyChain         = "chain"
	KeyTime          = "time"
	KeyStep          = "step"
	KeyService       = "service"
	KeyClient        = "client"
	KeyOutcome       = "outcome"
	KeyStepDuration  = "stepDuration"
	KeyFirst         = "first"
	KeyLast          = "last"
	KeyDuration      = "duration"
	KeySteps         = "steps"
	KeyDistinctSteps = "distinctSteps"
	KeyRetries       = "retries"
	KeyErrors        = "errors"
)

// builtinKeys are every field key of the engine (dimension keys must differ).
var builtinKeys = []string{KeyChain, KeyTime, KeyStep, KeyService, KeyClient, KeyOutcome, KeyStepDuration,
	KeyFirst, KeyLast, KeyDuration, KeySteps, KeyDistinctSteps, KeyRetries, KeyErrors}

// chainKeys are the fields computed per chain: only queries that group by chain can filter on them.
var chainKeys = []string{KeyFirst, KeyLast, KeyDuration, KeySteps, KeyDistinctSteps, KeyRetries, KeyErrors}

// eventCatalog is the fields of one event, for WHERE clauses (steps, chain).
func (m *model) eventCatalog() chsql.Catalog {
	cat := chsql.Catalog{
		{Key: KeyChain, Expr: m.chain, Kind: chsql.KindText, Search: true},
		{Key: KeyTime, Expr: m.tms, Kind: chsql.KindTime},
		{Key: KeyStep, Expr: m.step, Kind: chsql.KindText, Search: true},
		{Key: KeyService, Expr: m.service, Kind: chsql.KindText, Search: true},
		{Key: KeyClient, Expr: m.client, Kind: chsql.KindText, Search: true},
		{Key: KeyOutcome, Expr: m.outcome, Kind: chsql.KindText, Search: true},
		{Key: KeyStepDuration, Expr: m.dur, Kind: chsql.KindNumber},
	}
	for _, d := range m.dims {
		kind := chsql.KindText
		if d.multi {
			kind = chsql.KindStrings
		}
		cat = append(cat, chsql.Field{Key: d.key, Expr: d.sql, Kind: kind, Search: true})
	}
	return cat
}

// Aliases of the per-chain aggregates in the chain subquery (prefixed: an alias equal to a column name
// would replace the column inside other aggregates).
const (
	aFirst    = "c_first_ms"
	aLast     = "c_last_ms"
	aDuration = "c_duration_ms"
	aSteps    = "c_steps"
	aDistinct = "c_distinct_steps"
	aRetries  = "c_retries"
	aErrors   = "c_errors"
	aClient   = "c_client"
	aService  = "c_service"
	aFirstSt  = "c_first_step"
)

// chainCatalog is the fields of a chain, for HAVING after GROUP BY chain: the event fields hold when one
// of the chain's events meets the condition; the computed ones are the chain's own.
func (m *model) chainCatalog() chsql.Catalog {
	var cat chsql.Catalog
	for _, f := range m.eventCatalog() {
		if f.Key != KeyChain {
			f.Any = true
		}
		cat = append(cat, f)
	}
	return append(cat,
		chsql.Field{Key: KeyFirst, Expr: aFirst, Kind: chsql.KindTime},
		chsql.Field{Key: KeyLast, Expr: aLast, Kind: chsql.KindTime},
		chsql.Field{Key: KeyDuration, Expr: aDuration, Kind: chsql.KindNumber},
		chsql.Field{Key: KeySteps, Expr: aSteps, Kind: chsql.KindNumber},
		chsql.Field{Key: KeyDistinctSteps, Expr: aDistinct, Kind: chsql.KindNumber},
		chsql.Field{Key: KeyRetries, Expr: aRetries, Kind: chsql.KindNumber},
		chsql.Field{Key: KeyErrors, Expr: aErrors, Kind: chsql.KindNumber},
	)
}

// rollupCatalog is what the rollup table holds per chain: the chain's own client and service (its first
// event's) and the computed fields. Filters naming anything else read the events instead.
func rollupCatalog() chsql.Catalog {
	return chsql.Catalog{
		{Key: KeyChain, Expr: "chain_id", Kind: chsql.KindText, Search: true},
		{Key: KeyClient, Expr: aClient, Kind: chsql.KindText, Search: true},
		{Key: KeyFirst, Expr: aFirst, Kind: chsql.KindTime},
		{Key: KeyLast, Expr: aLast, Kind: chsql.KindTime},
		{Key: KeyDuration, Expr: aDuration, Kind: chsql.KindNumber},
		{Key: KeySteps, Expr: aSteps, Kind: chsql.KindNumber},
		{Key: KeyDistinctSteps, Expr: aDistinct, Kind: chsql.KindNumber},
		{Key: KeyRetries, Expr: aRetries, Kind: chsql.KindNumber},
		{Key: KeyErrors, Expr: aErrors, Kind: chsql.KindNumber},
	}
}
