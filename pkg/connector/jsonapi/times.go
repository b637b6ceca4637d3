package jsonapi

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Time formats besides a Go layout.
const (
	TimeRFC3339 = "rfc3339"
	TimeEpochS  = "epoch_s"
	TimeEpochMS = "epoch_ms"
)

func checkTimeFormat(f string) error {
	switch f {
	case "", TimeRFC3339, TimeEpochS, TimeEpochMS:
		return nil
	}
	// A layout must at least write the year: Go's reference time is Mon Jan 2 15:04:05 MST 2006.
	if !strings.Contains(f, "2006") && !strings.Contains(f, "06") {
		return fmt.Errorf("%q is not rfc3339, epoch_s, epoch_ms or a Go layout of the reference time 2006-01-02 15:04:05 (a layout must contain the year, 2006)", f)
	}
	return nil
}

// formatTime writes t for a URL placeholder in format f (UTC).
func formatTime(t time.Time, f string) string {
	switch f {
	case "", TimeRFC3339:
		return t.UTC().Format(time.RFC3339)
	case TimeEpochS:
		return strconv.FormatInt(t.Unix(), 10)
	case TimeEpochMS:
		return strconv.FormatInt(t.UnixMilli(), 10)
	}
	return t.UTC().Format(f)
}

// parseTime reads a ticket's time value in format f. ok is false for a missing or null value; err says why
// a present value cannot be read.
func parseTime(v gjson.Result, f string) (t time.Time, ok bool, err error) {
	if !v.Exists() || v.Type == gjson.Null || (v.Type == gjson.String && strings.TrimSpace(v.Str) == "") {
		return time.Time{}, false, nil
	}
	epoch := func(scale float64) (time.Time, bool, error) {
		n, err := strconv.ParseFloat(strings.TrimSpace(v.String()), 64)
		if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return time.Time{}, true, fmt.Errorf("%s is not a number of %s", v.Raw, map[float64]string{1: "seconds", 1000: "milliseconds"}[scale])
		}
		ms := int64(n * 1000 / scale)
		return time.UnixMilli(ms).UTC(), true, nil
	}
	switch f {
	case TimeEpochS:
		return epoch(1)
	case TimeEpochMS:
		return epoch(1000)
	case "", TimeRFC3339:
		if v.Type == gjson.Number {
			if v.Num > 1e11 { // after 5138 in seconds: milliseconds
				return epoch(1000)
			}
			return epoch(1)
		}
		t, err := httpapi.ParseTime(v.Str, time.UTC)
		if err != nil {
			return time.Time{}, true, fmt.Errorf("%s is not an RFC 3339 time (like 2026-11-20T10:00:00Z)", v.Raw)
		}
		return t.UTC(), true, nil
	}
	t, err = time.ParseInLocation(f, strings.TrimSpace(v.String()), time.UTC)
	if err != nil {
		return time.Time{}, true, fmt.Errorf("%s does not have the layout %q", v.Raw, f)
	}
	return t.UTC(), true, nil
}
