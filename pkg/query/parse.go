package query

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseTickets reads a tickets query. It returns notices for values it had to adjust (shown to the user
// with the result) and an error naming the key and value for invalid input.
func ParseTickets(raw json.RawMessage) (Tickets, []string, error) {
	var q Tickets
	o, err := readObject(raw)
	if err == nil {
		q.Common, err = o.common()
	}
	if err == nil {
		q.Sort, err = o.sort("sort")
	}
	var notices []string
	if err == nil {
		q.Limit, notices, err = o.limit()
	}
	if err != nil {
		return Tickets{}, nil, err
	}
	return q, notices, nil
}

// ParseTimeseries reads a timeseries query.
func ParseTimeseries(raw json.RawMessage) (Timeseries, []string, error) {
	var q Timeseries
	o, err := readObject(raw)
	if err == nil {
		q.Common, err = o.common()
	}
	if err == nil {
		q.GroupBy, err = o.stringList("groupBy")
	}
	if err == nil {
		q.Bucket, err = o.bucket("bucket")
	}
	if err == nil {
		q.Metric, err = o.oneOf("metric", []string{MetricCount, MetricOpen, MetricSeasonal}, MetricCount)
	}
	if err == nil {
		q.TopN, err = o.count("topN")
	}
	if err == nil {
		q.SeasonalDays, err = o.seasonalDays()
	}
	if err != nil {
		return Timeseries{}, nil, err
	}
	return q, nil, nil
}

// ParseBreakdown reads a breakdown query.
func ParseBreakdown(raw json.RawMessage) (Breakdown, []string, error) {
	var q Breakdown
	o, err := readObject(raw)
	if err == nil {
		q.Common, err = o.common()
	}
	if err == nil {
		q.GroupBy, err = o.stringList("groupBy")
	}
	if err == nil && len(q.GroupBy) == 0 {
		err = errors.New("groupBy is required for a breakdown: name at least one field to count by, e.g. [\"service\"]")
	}
	if err == nil {
		q.TopN, err = o.count("topN")
	}
	if err == nil {
		q.Format, err = o.oneOf("format", []string{FormatLong, FormatWide}, FormatLong)
	}
	if err == nil {
		q.Metric, err = o.oneOf("metric", []string{MetricCount, MetricSeasonal}, MetricCount)
	}
	if err == nil && q.Metric == MetricSeasonal && q.Format == FormatWide {
		err = errors.New(`metric "seasonal" gives the long format only: remove "format": "wide"`)
	}
	if err == nil {
		q.SeasonalDays, err = o.seasonalDays()
	}
	if err != nil {
		return Breakdown{}, nil, err
	}
	return q, nil, nil
}

// ParseStats reads a stats query.
func ParseStats(raw json.RawMessage) (Stats, []string, error) {
	var q Stats
	o, err := readObject(raw)
	if err == nil {
		q.Common, err = o.common()
	}
	if err == nil {
		q.Stats, err = o.stringList("stats")
	}
	if err == nil {
		q.Stats, err = orderedStats(q.Stats)
	}
	if err == nil {
		q.SeasonalDays, err = o.seasonalDays()
	}
	if err != nil {
		return Stats{}, nil, err
	}
	return q, nil, nil
}

// ParseContrast reads a contrast query.
func ParseContrast(raw json.RawMessage) (Contrast, []string, error) {
	q := Contrast{Pairs: true}
	o, err := readObject(raw)
	if err == nil {
		q.Common, err = o.common()
	}
	if err == nil {
		q.Baseline, err = o.oneOf("baseline", Baselines, BaselinePrevious)
	}
	if err == nil {
		q.SeasonalDays, err = o.seasonalDays()
	}
	if err == nil {
		q.Fields, err = o.stringList("fields")
	}
	if err == nil && !o.unset("pairs") {
		if jerr := json.Unmarshal(o["pairs"], &q.Pairs); jerr != nil {
			err = fmt.Errorf("pairs must be true or false, got %s", o["pairs"])
		}
	}
	if err == nil {
		q.TopN, err = o.countOr("topN", DefaultContrastTopN)
	}
	if err == nil {
		q.MinSupport, err = o.countOr("minSupport", DefaultContrastMinSupport)
	}
	if err == nil {
		q.MinLift, err = o.number("minLift", DefaultContrastMinLift)
	}
	if err == nil {
		q.MinScore, err = o.number("minScore", DefaultContrastMinScore)
	}
	if err == nil {
		q.Value, err = o.oneOf("value", ContrastNumbers, "")
	}
	if err == nil {
		q.Format, err = o.oneOf("format", []string{FormatLong, FormatSummary}, FormatLong)
	}
	if err == nil {
		q.Rank, err = o.oneOf("rank", []string{RankExcess, RankScore}, RankExcess)
	}
	if err == nil {
		q.AdHocVariable, err = o.text("adHocVariable")
		if q.AdHocVariable == "" {
			q.AdHocVariable = DefaultAdHocVariable
		}
	}
	if err != nil {
		return Contrast{}, nil, err
	}
	return q, nil, nil
}

// countOr is count with a default for unset (or 0 given as unset).
func (o object) countOr(key string, def int) (int, error) {
	if o.unset(key) {
		return def, nil
	}
	return o.count(key)
}

// number reads a non-negative number (a JSON number or numeric string); unset is def.
func (o object) number(key string, def float64) (float64, error) {
	if o.unset(key) {
		return def, nil
	}
	raw := strings.TrimSpace(string(o[key]))
	if s, err := strconv.Unquote(raw); err == nil {
		raw = strings.TrimSpace(s)
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return 0, fmt.Errorf("%s must be a number of at least 0, got %s", key, o[key])
	}
	return x, nil
}

// orderedStats checks the names and returns them in AllStats order; none means DefaultStats.
func orderedStats(names []string) ([]string, error) {
	if len(names) == 0 {
		return DefaultStats, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		if !contains(AllStats, n) {
			return nil, fmt.Errorf("stats must be among %s, got %q", quoteList(AllStats), n)
		}
		want[n] = true
	}
	var out []string
	for _, n := range AllStats {
		if want[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

func (o object) common() (Common, error) {
	var c Common
	var err error
	if c.Filter, err = o.filterNode("filter"); err != nil {
		return c, err
	}
	if c.Filters, err = o.conditions("filters"); err != nil {
		return c, err
	}
	if c.Search, err = o.text("search"); err != nil {
		return c, err
	}
	c.TimeField, err = o.oneOf("timeField", TimeFields, TimeOpened)
	return c, err
}

// seasonalDays reads how many previous days a seasonal baseline spans: 1 to MaxSeasonalDays, default 7.
func (o object) seasonalDays() (int, error) {
	n, set, err := wholeNumber("seasonalDays", o["seasonalDays"])
	switch {
	case err != nil:
		return 0, err
	case !set || n == 0:
		return DefaultSeasonalDays, nil
	case n < 0 || n > MaxSeasonalDays:
		return 0, fmt.Errorf("seasonalDays must be between 1 and %d, got %d", MaxSeasonalDays, n)
	}
	return int(n), nil
}

func (o object) limit() (int, []string, error) {
	n, set, err := wholeNumber("limit", o["limit"])
	switch {
	case err != nil:
		return 0, nil, err
	case !set || n == 0:
		return DefaultTicketsLimit, nil, nil
	case n < 0:
		return 0, nil, fmt.Errorf("limit must not be negative, got %d", n)
	case n > MaxTicketsLimit:
		return MaxTicketsLimit, []string{fmt.Sprintf("limit %d is above the maximum of %d: showing the first %d tickets in the query's sort order", n, MaxTicketsLimit, MaxTicketsLimit)}, nil
	}
	return int(n), nil, nil
}
