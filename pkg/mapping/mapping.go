// Package mapping derives dimensions and the severity from what each ticket system has, by rules in the
// datasource settings: a label prefix ("service:checkout" → service = checkout), a GitLab scoped label
// ("severity::1" → severity = 1), or a whole field (Jira components → service). The same rules serve every
// connector: they run on the connector's pages, before the store sees them.
package mapping

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spacetime/tickets/pkg/tickets"
)

// TargetSeverity is the rule target that sets the ticket's severity instead of a dimension.
const TargetSeverity = "severity"

// Rule derives one field. With a Prefix, every value of From that starts with it (ignoring case) gives the
// rest of the value to To; without one, every value of From is copied to To.
type Rule struct {
	// From is the dimension read (e.g. "labels", "components", a custom field's key).
	From string `json:"from"`
	// Prefix selects and strips values ("service:", "severity::"); "" copies every value.
	Prefix string `json:"prefix,omitempty"`
	// To is the dimension written, or "severity".
	To string `json:"to"`
	// Name is the display name of the dimension To (default: To with a capital).
	Name string `json:"name,omitempty"`
}

// Check validates rules against the fixed field keys a rule must not write (severity aside). Errors name the
// rule by its position and say what to change.
func Check(rules []Rule, fixed []string) error {
	for i, r := range rules {
		switch {
		case strings.TrimSpace(r.From) == "":
			return fmt.Errorf("mapping rule %d has no source field: choose the field it reads (like labels or components)", i+1)
		case strings.TrimSpace(r.To) == "":
			return fmt.Errorf("mapping rule %d (from %s) has no target: enter the dimension it fills (like service) or severity", i+1, r.From)
		case r.To != TargetSeverity && slices.Contains(fixed, r.To):
			return fmt.Errorf("mapping rule %d writes %q, a fixed ticket field: choose another name (only severity can be set by a rule)", i+1, r.To)
		case r.To == r.From:
			return fmt.Errorf("mapping rule %d reads and writes %q: choose another target", i+1, r.To)
		}
	}
	return nil
}

// Apply runs the rules on a page of tickets in place and adds the dimensions they fill to list.Dimensions.
// A target dimension is multi-valued when its rule's source is; the severity takes the first value found.
func Apply(rules []Rule, list *tickets.List) {
	if len(rules) == 0 {
		return
	}
	multi := map[string]bool{}
	for _, d := range list.Dimensions {
		multi[d.Key] = d.Multi
	}
	for _, r := range rules {
		if r.To == TargetSeverity || slices.ContainsFunc(list.Dimensions, func(d tickets.Dimension) bool { return d.Key == r.To }) {
			continue
		}
		list.Dimensions = append(list.Dimensions, tickets.Dimension{Key: r.To, Name: displayName(r), Multi: multi[r.From]})
	}
	for i := range list.Tickets {
		applyToTicket(rules, &list.Tickets[i])
	}
}

func applyToTicket(rules []Rule, t *tickets.Ticket) {
	derived := map[string][]string{}
	for _, r := range rules {
		for _, v := range t.Dimensions[r.From] {
			rest, ok := strip(v, r.Prefix)
			if !ok || rest == "" {
				continue
			}
			if r.To == TargetSeverity {
				if _, set := derived[TargetSeverity]; !set {
					derived[TargetSeverity] = []string{rest}
				}
				continue
			}
			if !slices.Contains(derived[r.To], rest) {
				derived[r.To] = append(derived[r.To], rest)
			}
		}
	}
	for key, values := range derived {
		if key == TargetSeverity {
			t.Severity = values[0]
			continue
		}
		if t.Dimensions == nil {
			t.Dimensions = map[string][]string{}
		}
		t.Dimensions[key] = values
	}
}

// strip returns v without prefix when v starts with it, ignoring case; an empty prefix takes any value.
func strip(v, prefix string) (string, bool) {
	if prefix == "" {
		return v, true
	}
	if len(v) < len(prefix) || !strings.EqualFold(v[:len(prefix)], prefix) {
		return "", false
	}
	return strings.TrimSpace(v[len(prefix):]), true
}

func displayName(r Rule) string {
	if r.Name != "" {
		return r.Name
	}
	words := strings.FieldsFunc(r.To, func(c rune) bool { return c == '_' || c == '-' })
	if len(words) == 0 {
		return r.To
	}
	words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	return strings.Join(words, " ")
}
