// Package synthetic fills a store with deterministic, realistic-looking tickets for benchmarks.
package synthetic

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/spacetime/tickets/pkg/store"
	"github.com/spacetime/tickets/pkg/tickets"
)

// End is the newest opened time of the generated tickets; they span the 30 days before it.
var End = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// Span is how far back the generated tickets go.
const Span = 30 * 24 * time.Hour

// Dimensions and their cardinalities.
var Dimensions = []struct {
	Key, Prefix string
	Values      int
}{
	{"service", "svc", 40}, {"region", "region", 6}, {"team", "team", 15}, {"category", "cat", 12},
	{"tracker", "tracker", 3}, {"project", "project", 5}, {"assignee", "user", 200}, {"customer", "cust", 1000},
	{"env", "env", 3}, {"version", "v", 50},
}

// Severities in the system's order, with how often each occurs (percent).
var Severities = []tickets.Severity{
	{Name: "Low", Rank: 1, Color: "green"}, {Name: "Normal", Rank: 2, Color: "blue"}, {Name: "High", Rank: 3, Color: "orange"},
	{Name: "Urgent", Rank: 4, Color: "red"}, {Name: "Immediate", Rank: 5, Color: "dark-red"},
}

// Labels is the multi-valued dimension: each ticket carries 0 to 3 of LabelValues labels.
const (
	Labels      = "labels"
	LabelValues = 60
)

var severityWeights = []int{30, 40, 20, 8, 2}

var statuses = []struct {
	name   string
	closed bool
}{{"New", false}, {"In Progress", false}, {"Feedback", false}, {"Resolved", false}, {"Closed", true}, {"Rejected", true}}

var words = strings.Fields(`timeout latency error failure disk full memory leak crash restart deploy rollback
	checkout payment login search cache database replica queue backlog certificate expired dns outage slow
	page blank button broken api gateway proxy upstream connection refused reset retry throttled quota limit
	cpu spike node pod container image pull backoff kafka consumer lag index rebuild report export import
	invoice email delayed sms webhook callback signature mismatch token invalid session lost cart order
	shipment tracking address validation price discount coupon refund chargeback fraud alert monitor probe
	health check flapping config drift secret rotation backup snapshot restore migration schema lock deadlock
	query plan regression feature flag toggle experiment banner layout mobile android ios browser safari
	firefox chrome edge tablet desktop customer user admin support ticket escalation sla breach incident
	postmortem runbook oncall pager noise duplicate stale data sync job cron scheduler worker pool exhausted`)

// Fill upserts n tickets into s, generated from seed, in batches so the generator's garbage can go.
func Fill(s *store.Store, n int, seed uint64) { FillWith(s, n, seed, Options{}) }

// Options change what Fill generates.
type Options struct {
	// UniqueTokens appends to every description a sentence of likely-unique tokens (a request id, a host
	// with a number, a duration, a timestamp, a hex trace id), drawn from a stream of its own so every other
	// field stays what Fill makes.
	UniqueTokens bool
}

// FillWith is Fill with options.
func FillWith(s *store.Store, n int, seed uint64, o Options) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) // #nosec G404 -- benchmark data must be reproducible, not secret
	dims := make([]tickets.Dimension, len(Dimensions))
	values := make([][]string, len(Dimensions))
	for d, dim := range Dimensions {
		dims[d] = tickets.Dimension{Key: dim.Key, Name: strings.ToUpper(dim.Key[:1]) + dim.Key[1:]}
		for i := range dim.Values {
			values[d] = append(values[d], fmt.Sprintf("%s-%d", dim.Prefix, i))
		}
	}
	dims = append(dims, tickets.Dimension{Key: Labels, Name: "Labels", Multi: true})
	// Labels draw from their own stream, so the other fields stay what they were before labels existed.
	labels := rand.New(rand.NewPCG(seed^0x5bd1e995, seed)) // #nosec G404 -- benchmark data must be reproducible, not secret
	unique := rand.New(rand.NewPCG(seed^0x2545f491, seed)) // #nosec G404 -- as above
	s.SetSeverities(Severities)
	const batch = 10000
	for start := 0; start < n; start += batch {
		ts := make([]tickets.Ticket, 0, batch)
		for id := start + 1; id <= min(start+batch, n); id++ {
			t := ticket(rng, int64(id), values)
			for range labels.IntN(4) {
				t.Dimensions[Labels] = append(t.Dimensions[Labels], fmt.Sprintf("label-%d", skewed(labels, LabelValues)))
			}
			if o.UniqueTokens {
				t.Description += uniqueSentence(unique)
			}
			ts = append(ts, t)
		}
		s.Upsert(dims, ts)
	}
}

func ticket(rng *rand.Rand, id int64, values [][]string) tickets.Ticket {
	opened := End.Add(-time.Duration(rng.Int64N(int64(Span))))
	st := statuses[rng.IntN(len(statuses))]
	t := tickets.Ticket{
		ID:          strconv.FormatInt(id, 10),
		Number:      id,
		Title:       sentence(rng, 6, true),
		Description: sentence(rng, 25, false),
		URL:         fmt.Sprintf("https://redmine.example.com/issues/%d", id),
		Severity:    Severities[weighted(rng, severityWeights)].Name,
		Status:      st.name,
		Closed:      st.closed,
		Opened:      opened,
		Updated:     opened.Add(time.Duration(rng.Int64N(int64(6 * time.Hour)))),
		Dimensions:  make(map[string][]string, len(values)+1),
	}
	if st.closed {
		r := opened.Add(time.Duration(rng.ExpFloat64() * float64(8*time.Hour)))
		t.Resolved = &r
		t.Updated = r
	}
	for d, vs := range values {
		t.Dimensions[Dimensions[d].Key] = []string{vs[skewed(rng, len(vs))]}
	}
	return t
}

// skewed picks an index in [0, n) with the first values the most frequent, as real tickets cluster.
func skewed(rng *rand.Rand, n int) int {
	u := rng.Float64()
	return int(float64(n) * u * u)
}

func weighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := rng.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func sentence(rng *rand.Rand, n int, capital bool) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := words[rng.IntN(len(words))]
		if i == 0 && capital {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// uniqueSentence is text with the tokens that repeat rarely in real tickets.
func uniqueSentence(rng *rand.Rand) string {
	at := End.Add(-time.Duration(rng.Int64N(int64(Span)))).Format(time.RFC3339)
	return fmt.Sprintf(". Request %08x-%04x-%04x-%04x-%012x from web-%d.eu-west-%d.example.com failed after %d ms at %s, trace %016x",
		rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<16), rng.IntN(1<<16), rng.Int64N(1<<48), rng.IntN(5000), rng.IntN(3)+1,
		rng.IntN(30000), at, rng.Uint64())
}
