// Package query defines the query types of the Spacetime datasource and parses their JSON.
package query

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Query types.
const (
	// TypeTickets returns one row per ticket.
	TypeTickets = "tickets"
)

// Types lists the query types the backend answers, for error messages.
var Types = []string{TypeTickets}

// Limits of the tickets query.
const (
	DefaultTicketsLimit = 100
	MaxTicketsLimit     = 1000
)

// Tickets is the JSON model of a "tickets" query.
type Tickets struct {
	// Limit is how many of the most recently updated tickets to return (default 100, at most 1000).
	Limit int `json:"limit"`
}

// ParseTickets reads a tickets query from the query JSON Grafana sends. It returns notices for values it
// had to adjust (shown to the user with the result) and an error naming the problem for invalid input.
func ParseTickets(raw json.RawMessage) (Tickets, []string, error) {
	var q struct {
		Limit json.RawMessage `json:"limit"`
	}
	if err := decode(raw, &q); err != nil {
		return Tickets{}, nil, err
	}
	out := Tickets{Limit: DefaultTicketsLimit}
	var notices []string
	n, set, err := wholeNumber("limit", q.Limit)
	if err != nil {
		return Tickets{}, nil, err
	}
	switch {
	case !set || n == 0:
		// unset in the editor: keep the default
	case n < 0:
		return Tickets{}, nil, fmt.Errorf("limit must not be negative, got %d", n)
	case n > MaxTicketsLimit:
		notices = append(notices, fmt.Sprintf("limit %d is above the maximum of %d: showing the %d most recently updated tickets", n, MaxTicketsLimit, MaxTicketsLimit))
		out.Limit = MaxTicketsLimit
	default:
		out.Limit = int(n)
	}
	return out, notices, nil
}

// wholeNumber reads an integer given as a JSON number or a numeric string (template variables arrive as
// strings); null, "" and absence mean unset.
func wholeNumber(name string, raw json.RawMessage) (int64, bool, error) {
	v := strings.TrimSpace(string(raw))
	if v == "" || v == "null" || v == `""` {
		return 0, false, nil
	}
	if strings.HasPrefix(v, `"`) {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false, fmt.Errorf("%s must be a whole number, got %s", name, v)
		}
		v = strings.TrimSpace(s)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s must be a whole number, got %s", name, strconv.Quote(v))
	}
	return n, true, nil
}

// decode unmarshals query JSON, naming the problem on failure. Unknown keys are allowed: Grafana adds its own
// (refId, datasource, intervalMs, maxDataPoints...).
func decode(raw json.RawMessage, into any) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("the query JSON is malformed: %s", describeJSONError(err))
	}
	return nil
}

func describeJSONError(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("%v (at byte %d)", e, e.Offset)
	case *json.UnmarshalTypeError:
		if e.Field == "" {
			return fmt.Sprintf("expected a JSON object, got a JSON %s", e.Value)
		}
		return fmt.Sprintf("field %q must be a %s, got a JSON %s", e.Field, e.Type.String(), e.Value)
	default:
		return err.Error()
	}
}
