package engine

import (
	"fmt"
	"time"
)

const day = 24 * time.Hour

// niceSteps are the bucket widths auto picks from, and widens explicit buckets to.
var niceSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	day, 2 * day, 7 * day, 30 * day,
}

// buckets is an aligned run of equal time buckets in unix milliseconds.
type buckets struct {
	start int64 // the first bucket's start, a multiple of step
	step  int64
	n     int
}

func newBuckets(r timeRange, step time.Duration) buckets {
	s := step.Milliseconds()
	b := buckets{start: floorDiv(r.from, s) * s, step: s}
	if r.to >= b.start {
		b.n = int(floorDiv(r.to-b.start, s)) + 1
	}
	return b
}

// index is the bucket holding t (possibly outside [0, n)).
func (b buckets) index(t int64) int64 { return floorDiv(t-b.start, b.step) }

func (b buckets) times() []time.Time {
	out := make([]time.Time, b.n)
	for i := range out {
		out[i] = time.UnixMilli(b.start + int64(i)*b.step).UTC()
	}
	return out
}

// chooseBuckets picks the bucket width: the explicit one, or auto from Grafana's interval rounded up to a
// nice step; either widened (auto silently, explicit with a notice) until at most maxPoints buckets fit.
func chooseBuckets(r timeRange, explicit, interval time.Duration, maxPoints int64) (buckets, string) {
	if maxPoints <= 0 {
		maxPoints = DefaultMaxDataPoints
	}
	step := explicit
	if step == 0 {
		step = niceAtLeast(max(interval, time.Second))
	}
	b := newBuckets(r, step)
	if int64(b.n) <= maxPoints {
		return b, ""
	}
	wide := step
	for int64(newBuckets(r, wide).n) > maxPoints {
		wide = niceAtLeast(wide + 1)
	}
	notice := ""
	if explicit != 0 {
		notice = fmt.Sprintf("bucket %s gives %d points, more than the %d this panel shows: using %s buckets", formatStep(explicit), b.n, maxPoints, formatStep(wide))
	}
	return newBuckets(r, wide), notice
}

// niceAtLeast is the smallest nice step ≥ d; beyond the list, a whole number of 30-day steps.
func niceAtLeast(d time.Duration) time.Duration {
	for _, s := range niceSteps {
		if s >= d {
			return s
		}
	}
	month := 30 * day
	return (d + month - 1) / month * month
}

func formatStep(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		unit string
	}{{7 * day, "w"}, {day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if d%u.d == 0 {
			return fmt.Sprintf("%d%s", d/u.d, u.unit)
		}
	}
	return d.String()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
