// Package clickhouse is the log-engine system of the Spacetime datasource: operation chains in a team's
// ClickHouse logs, analysed by ClickHouse itself. Each query type is one SQL statement (chsql builds the
// text, chclient sends it), and only aggregated rows come back to be turned into frames.
package clickhouse

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chclient"
	"github.com/spacetime/tickets/pkg/logengine/clickhouse/chsql"
	"github.com/spacetime/tickets/pkg/settings"
)

// System is the value of jsonData.system that selects this engine.
const System = "clickhouse"

// Settings are one datasource instance's ClickHouse settings, from jsonData.clickhouse and
// secureJsonData.clickhousePassword.
type Settings struct {
	URL      string `json:"url"`
	User     string `json:"user"`
	Password string `json:"-"`
	Database string `json:"database"`
	Table    string `json:"table"`
	// RollupTable is the per-chain rollup (README: "Rollup"); chains and clients read it when set and the
	// filter names only fields it holds.
	RollupTable string  `json:"rollupTable"`
	Columns     Columns `json:"columns"`
	// Dimensions are further mapped fields: key in filters and frames → column reference.
	Dimensions []Dimension `json:"dimensions"`
	// ErrorValues are the outcome values that mean a failed step (default "error").
	ErrorValues []string `json:"errorValues"`
	// ChainLookbackSeconds is how long before the range events are read, so a chain that starts in the
	// range is whole (default 300).
	ChainLookbackSeconds int64 `json:"chainLookbackSeconds"`
	MaxExecutionSeconds  int   `json:"maxExecutionSeconds"`
	MaxResultRows        int64 `json:"maxResultRows"`
	MaxMemoryBytes       int64 `json:"maxMemoryBytes"`
}

// Columns maps the engine's fields onto the table's columns. A reference is a column name or a Map
// column's key: LogAttributes['chain_id'].
type Columns struct {
	Time    string `json:"time"`
	Chain   string `json:"chain"`
	Step    string `json:"step"`
	Service string `json:"service"`
	Client  string `json:"client"`
	Outcome string `json:"outcome"`
	// Duration of the step, in DurationUnit (ms, us, ns, s); or End, the step's end time, instead.
	Duration     string `json:"duration"`
	DurationUnit string `json:"durationUnit"`
	End          string `json:"end"`
}

// Dimension is one more mapped field.
type Dimension struct {
	Key    string `json:"key"`
	Column string `json:"column"`
}

// Defaults of the limits, sent with every query.
const (
	DefaultLookbackSeconds     = 300
	DefaultMaxExecutionSeconds = 60
	DefaultMaxResultRows       = 100_000
	DefaultMaxMemoryBytes      = 4 << 30
)

type settingsJSON struct {
	System     string   `json:"system"`
	ClickHouse Settings `json:"clickhouse"`
}

// IsSystem tells whether a datasource's jsonData selects this engine.
func IsSystem(jsonData json.RawMessage) bool {
	var s struct {
		System string `json:"system"`
	}
	return json.Unmarshal(jsonData, &s) == nil && s.System == System
}

// SettingsError is a problem the user fixes on the datasource's settings page.
type SettingsError struct{ msg string }

func (e *SettingsError) Error() string { return e.msg }

func settingsErrorf(format string, a ...any) error {
	return &SettingsError{msg: fmt.Sprintf(format, a...)}
}

// LoadSettings reads and checks the settings; the error names the setting to fix.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var sj settingsJSON
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &sj); err != nil {
			return Settings{}, settingsErrorf("The datasource's JSON settings (jsonData) cannot be read: %v.", err)
		}
	}
	cfg := sj.ClickHouse
	cfg.Password = s.DecryptedSecureJSONData["clickhousePassword"]
	cfg.URL = strings.TrimRight(strings.TrimSpace(cfg.URL), "/")
	u, err := url.Parse(cfg.URL)
	if cfg.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, settingsErrorf("The ClickHouse URL setting %q is not an http(s) URL of ClickHouse's HTTP interface: enter it like http://clickhouse:8123.", settings.ShownURL(cfg.URL))
	}
	if u.User != nil || u.RawQuery != "" {
		return cfg, settingsErrorf("The ClickHouse URL setting must hold no user, password or query: use the User and Password settings.")
	}
	if cfg.Table == "" {
		return cfg, settingsErrorf("The Table setting is empty: name the table (or Distributed table) that holds the events.")
	}
	if _, err := chsql.Table(cfg.Database, cfg.Table); err != nil {
		return cfg, settingsErrorf("The Database/Table setting: %v.", err)
	}
	if cfg.RollupTable != "" {
		if _, err := chsql.Table(cfg.Database, cfg.RollupTable); err != nil {
			return cfg, settingsErrorf("The Rollup table setting: %v.", err)
		}
	}
	for name, ref := range map[string]string{"Time": cfg.Columns.Time, "Chain id": cfg.Columns.Chain, "Step": cfg.Columns.Step} {
		if ref == "" {
			return cfg, settingsErrorf("The %s column setting is empty: every event needs it.", name)
		}
	}
	if (cfg.Columns.Duration == "") == (cfg.Columns.End == "") {
		return cfg, settingsErrorf("Set exactly one of the Duration and End column settings: a step's time is its duration or its start and end.")
	}
	switch cfg.Columns.DurationUnit {
	case "":
		cfg.Columns.DurationUnit = "ms"
	case "ms", "us", "ns", "s":
	default:
		return cfg, settingsErrorf("The Duration unit setting %q is not one of ms, us, ns, s.", cfg.Columns.DurationUnit)
	}
	for _, ref := range cfg.refs() {
		if _, err := parseRef(ref.setting, ref.ref); err != nil {
			return cfg, &SettingsError{msg: err.Error()}
		}
	}
	seen := map[string]bool{}
	for _, f := range builtinKeys {
		seen[f] = true
	}
	for _, d := range cfg.Dimensions {
		if !dimKeyRe.MatchString(d.Key) || seen[d.Key] {
			return cfg, settingsErrorf("The dimension key %q must be letters, digits and _ and differ from the built-in fields (%s).", d.Key, strings.Join(builtinKeys, ", "))
		}
		seen[d.Key] = true
	}
	if len(cfg.ErrorValues) == 0 {
		cfg.ErrorValues = []string{"error"}
	}
	if cfg.ChainLookbackSeconds <= 0 {
		cfg.ChainLookbackSeconds = DefaultLookbackSeconds
	}
	if cfg.MaxExecutionSeconds <= 0 {
		cfg.MaxExecutionSeconds = DefaultMaxExecutionSeconds
	}
	if cfg.MaxResultRows <= 0 {
		cfg.MaxResultRows = DefaultMaxResultRows
	}
	if cfg.MaxMemoryBytes <= 0 {
		cfg.MaxMemoryBytes = DefaultMaxMemoryBytes
	}
	return cfg, nil
}

var dimKeyRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

type namedRef struct{ setting, ref string }

// refs lists every non-empty column reference with the name of its setting.
func (s Settings) refs() []namedRef {
	c := s.Columns
	out := []namedRef{{"Time column", c.Time}, {"Chain id column", c.Chain}, {"Step column", c.Step}}
	for _, r := range []namedRef{{"Service column", c.Service}, {"Client column", c.Client}, {"Outcome column", c.Outcome},
		{"Duration column", c.Duration}, {"End column", c.End}} {
		if r.ref != "" {
			out = append(out, r)
		}
	}
	for _, d := range s.Dimensions {
		out = append(out, namedRef{fmt.Sprintf("column of dimension %q", d.Key), d.Column})
	}
	return out
}

// Limits are the per-query settings sent with every statement.
func (s Settings) Limits() chclient.Limits {
	return chclient.Limits{MaxExecutionSeconds: s.MaxExecutionSeconds, MaxResultRows: s.MaxResultRows, MaxMemoryBytes: s.MaxMemoryBytes}
}

// Redact removes the password from text shown to users.
func (s Settings) Redact(text string) string {
	if s.Password == "" {
		return text
	}
	return strings.ReplaceAll(text, s.Password, "<redacted>")
}
