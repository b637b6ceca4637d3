package jira

import (
	"encoding/json"
	"testing"
	"time"
)

func TestADFText(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"heading, ordered list, nested bullets": {
			`{"type":"doc","version":1,"content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Impact"}]},
			{"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"first"}]},
			{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"inner"}]}]}]}]},
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"second"}]}]}]}]}`,
			"Impact\n1. first\n  - inner\n2. second",
		},
		"table, emoji, status, date, media left out": {
			`{"type":"doc","version":1,"content":[{"type":"table","content":[{"type":"tableRow","content":[
			{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"svc"}]}]},
			{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"emoji","attrs":{"shortName":":fire:","text":"🔥"}},
			{"type":"status","attrs":{"text":"DOWN"}}]}]}]}]},
			{"type":"mediaSingle","content":[{"type":"media","attrs":{"id":"x"}}]},
			{"type":"paragraph","content":[{"type":"date","attrs":{"timestamp":"1764547200000"}}]}]}`,
			"svc | 🔥DOWN\n2025-12-01",
		},
		"not a document": {`"plain"`, "plain"},
		"null":           {`null`, ""},
	}
	for name, c := range cases {
		if got := ADFText(json.RawMessage(c.doc)); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", name, got, c.want)
		}
	}
}

func TestWikiText(t *testing.T) {
	cases := map[string]string{
		"h1. Outage\nbq. quoted":                         "Outage\nquoted",
		"{color:red}red{color} and {{mono}} and -gone-":  "red and mono and gone",
		"||svc||state||\n|checkout|down|":                "|svc|state|\n|checkout|down|",
		"see [https://x.example] !shot.png! eu-west a-b": "see https://x.example  eu-west a-b",
		"line\\\\next\n----\nend":                        "line\nnext\n---\nend",
		"{noformat}\nraw *text*\n{noformat}":             "raw text",
	}
	for in, want := range cases {
		if got := WikiText(in); got != want {
			t.Errorf("WikiText(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// Every JQL bound Spacetime writes, read back in the user's zone as Jira would (either reading of a local
// time that happens twice), lies on the safe side of the instant it stands for.
func TestJQLBoundsNeverMissAnUpdate(t *testing.T) {
	zones := []string{"UTC", "America/Los_Angeles", "Australia/Adelaide", "Asia/Kolkata", "Europe/Berlin", "Pacific/Chatham"}
	base := time.Date(2026, 1, 1, 0, 0, 17, 345e6, time.UTC)
	for _, name := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		for h := 0; h < 365*24; h += 7 { // every 7 hours through a year: both DST changes, every hour of day
			at := base.Add(time.Duration(h)*time.Hour + time.Duration(h%60)*time.Minute)
			for _, read := range readings(t, atOrBefore(at, loc), loc) {
				if read.After(at) {
					t.Fatalf("%s: lower bound for %v reads as %v", name, at, read)
				}
			}
			for _, read := range readings(t, atOrAfter(at, loc), loc) {
				if read.Before(at) {
					t.Fatalf("%s: upper bound for %v reads as %v", name, at, read)
				}
			}
		}
	}
	// Unknown zone: whatever zone Jira reads the UTC-based bound in, it is early enough.
	at := base.Add(100 * time.Hour)
	for _, off := range []int{-12, -8, 0, 5, 14} {
		loc := time.FixedZone("x", off*3600)
		if read := readings(t, atOrBefore(at, nil), loc)[0]; read.After(at) {
			t.Fatalf("unknown zone read at UTC%+d: %v after %v", off, read, at)
		}
	}
}

// readings are the instants a JQL date can stand for in loc: two around a backward DST change.
func readings(t *testing.T, s string, loc *time.Location) []time.Time {
	t.Helper()
	local, err := time.ParseInLocation(jqlTime, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	out := []time.Time{local}
	for _, shift := range []time.Duration{-time.Hour, time.Hour, -30 * time.Minute, 30 * time.Minute} {
		alt := local.Add(shift)
		if alt.In(loc).Format(jqlTime) == s {
			out = append(out, alt)
		}
	}
	return out
}
