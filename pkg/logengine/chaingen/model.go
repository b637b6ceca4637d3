// Package chaingen generates operation-chain events with planted truth, deterministically: the same Config
// always gives the same events. The log-engine tests write them into ClickHouse and check every query
// type's answer against the truth computed here from the same model.
//
// Planted truth:
//   - step payment.authorize takes 80–200 ms, and 2500–3500 ms in every chain that starts at or after SlowFrom;
//   - client "client-noisy" starts 10× the chains of each of client-01 … client-10;
//   - every 10th chain (i%10 == 3) retries auth.check (its first attempt fails);
//   - every 25th chain (i%25 == 7) fails at its payment (or profile) step and stops there.
package chaingen

import (
	"fmt"
	"time"
)

// Config fixes a generated data set.
type Config struct {
	Chains   int       `json:"chains"`
	Start    time.Time `json:"start"`    // the first chain starts here
	End      time.Time `json:"end"`      // chains start evenly in [Start, End)
	SlowFrom time.Time `json:"slowFrom"` // payment.authorize is slow in chains starting at or after this
}

// NoisyClient is the client with 10× the chains of every other client.
const NoisyClient = "client-noisy"

// SlowStep is the step that turns slow at SlowFrom.
const SlowStep = "payment.authorize"

// RetriedStep is the step retried in every 10th chain.
const RetriedStep = "auth.check"

// Event is one log row: one step of one chain.
type Event struct {
	TsMs       uint64
	Chain      string
	Step       string
	Service    string
	Client     string
	Outcome    string
	DurationMs uint32
	Region     string
}

type stepDef struct {
	name, service string
	min, max      uint32 // duration range in ms
}

// The services are the outage scenario's (tools/scenario/vocabulary.ts), so the overview's service filter
// carries over to the Operation chains dashboard.
var checkoutFlow = []stepDef{
	{"gateway.receive", "api-gateway", 5, 15},
	{RetriedStep, "auth", 10, 30},
	{"cart.load", "checkout", 20, 60},
	{SlowStep, "payments", 80, 200},
	{"order.write", "inventory", 20, 50},
	{"notify.send", "notifications", 5, 15},
}

var profileFlow = []stepDef{
	{"api.receive", "api-gateway", 5, 15},
	{RetriedStep, "auth", 10, 30},
	{"profile.write", "web", 30, 90},
	{"notify.send", "notifications", 5, 15},
}

var regions = []string{"eu", "us", "ap"}

// ChainID is chain i's correlation id: 16 upper-case hex digits, like a trace id half.
func ChainID(i int) string { return fmt.Sprintf("%016X", uint64(i)*0x9E3779B97F4A7C15) }

// Client is the client that starts chain i.
func Client(i int) string {
	if k := i % 20; k >= 10 {
		return fmt.Sprintf("client-%02d", k-9)
	}
	return NoisyClient
}

// StartMs is chain i's start in epoch milliseconds.
func (c Config) StartMs(i int) int64 {
	span := c.End.UnixMilli() - c.Start.UnixMilli()
	return c.Start.UnixMilli() + int64(i)*span/int64(c.Chains)
}

// Retried and Failed tell the planted retry and failure chains.
func Retried(i int) bool { return i%10 == 3 }
func Failed(i int) bool  { return i%25 == 7 }

// Events appends chain i's events to dst in time order.
func (c Config) Events(i int, dst []Event) []Event {
	flow := checkoutFlow
	if i%4 == 3 {
		flow = profileFlow
	}
	start := c.StartMs(i)
	slow := start >= c.SlowFrom.UnixMilli()
	id, client, region := ChainID(i), Client(i), regions[i%3]
	at := uint64(start)
	emit := func(k int, s stepDef, outcome string, min, max uint32) {
		d := min + uint32(mix(uint64(i)<<8|uint64(k))%uint64(max-min+1))
		dst = append(dst, Event{TsMs: at, Chain: id, Step: s.name, Service: s.service, Client: client, Outcome: outcome, DurationMs: d, Region: region})
		at += uint64(d) + 1
	}
	for k, s := range flow {
		min, max := s.min, s.max
		if s.name == SlowStep && slow {
			min, max = 2500, 3500
		}
		if s.name == RetriedStep && Retried(i) {
			emit(100+k, s, "error", min, max)
		}
		last := Failed(i) && (s.name == SlowStep || s.name == "profile.write")
		outcome := "ok"
		if last {
			outcome = "error"
		}
		emit(k, s, outcome, min, max)
		if last {
			break
		}
	}
	return dst
}

// mix is splitmix64: a fixed hash, so durations are deterministic without a shared random source.
func mix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}
