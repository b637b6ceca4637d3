package syncer

import (
	"slices"
	"time"
)

// Backfill is how far an unfinished backfill got. The snapshot records it as the backfill proceeds, so a
// restarted plugin serves what was loaded and fetches only what is left.
type Backfill struct {
	// Start and End bound the window by opening time; End is open (a day ahead) for tickets opened meanwhile.
	Start, End time.Time
	// Began is when the first attempt began: the first poll reads the changes made since then.
	Began time.Time
	// Left is what is still to load, newest first; every ticket opened in the window outside it is loaded.
	Left []Span
	// Recorded is when this progress was written down.
	Recorded time.Time
}

// Span is a range of opening times, [From, To).
type Span struct {
	From, To time.Time
}

// newBackfill plans a backfill of the window before now in n time slices.
func newBackfill(now time.Time, window time.Duration, n int) *Backfill {
	// A whole minute: the start is the end of every later load of older tickets, and systems that filter by
	// the second (PagerDuty, GitLab) would lose the tickets opened earlier in the second the clock was in.
	start := now.Add(-window).Truncate(time.Minute)
	end := now.Add(24 * time.Hour) // tickets opened while the backfill runs, even by a clock ahead of ours
	return &Backfill{Start: start, End: end, Began: now, Left: split([]Span{{start, end}}, now, n)}
}

// resumed is b continued at now: a day ahead of now stays covered when the backfill resumes later.
func (b Backfill) resumed(now time.Time) *Backfill {
	b.Left = slices.Clone(b.Left)
	if end := now.Add(24 * time.Hour); end.After(b.End) {
		b.Left = append([]Span{{b.End, end}}, b.Left...)
		b.End = end
	}
	return &b
}

// clone copies b for a snapshot record.
func (b *Backfill) clone() Backfill {
	c := *b
	c.Left = slices.Clone(b.Left)
	return c
}

// split cuts the spans until there are n (or they are a minute wide), newest first. Boundaries fall on whole
// minutes: every system filters opening times at least to the minute. The newest span ends open, so it is
// measured up to now: each slice gets an equal share of the past, and recent tickets come first.
func split(spans []Span, now time.Time, n int) []Span {
	out := slices.Clone(spans)
	width := func(s Span) time.Duration { return minTime(s.To, now).Sub(s.From) }
	for len(out) > 0 && len(out) < n {
		widest := 0
		for i := range out {
			if width(out[i]) > width(out[widest]) {
				widest = i
			}
		}
		sp := out[widest]
		// The widest takes as many parts as it can give: a window split in n is n equal slices.
		parts := n - len(out) + 1
		step := (width(sp) / time.Duration(parts)).Truncate(time.Minute)
		if step < time.Minute {
			break
		}
		var pieces []Span
		hi := sp.To
		for k := parts - 1; k >= 1; k-- {
			lo := sp.From.Add(time.Duration(k) * step).Truncate(time.Minute)
			if !lo.After(sp.From) || !lo.Before(hi) {
				continue
			}
			pieces = append(pieces, Span{lo, hi})
			hi = lo
		}
		pieces = append(pieces, Span{sp.From, hi})
		out = slices.Replace(out, widest, widest+1, pieces...)
		if len(pieces) == 1 {
			break
		}
	}
	slices.SortFunc(out, func(a, b Span) int { return b.To.Compare(a.To) })
	return out
}
