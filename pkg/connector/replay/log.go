package replay

import (
	"slices"
	"sync"
)

// Log is what a replay server saw of the requests it answered, in the order they ended: one record each, of
// the server's own type (what its tests look at, never a credential).
type Log[R any] struct {
	mu  sync.Mutex
	all []R
}

// Add records one request.
func (l *Log[R]) Add(r R) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, r)
}

// All returns a copy of the records so far.
func (l *Log[R]) All() []R {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.all)
}

// Count is how many records match.
func (l *Log[R]) Count(match func(R) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.all {
		if match(r) {
			n++
		}
	}
	return n
}

// Last is the latest record that matches.
func (l *Log[R]) Last(match func(R) bool) (R, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.all) - 1; i >= 0; i-- {
		if match(l.all[i]) {
			return l.all[i], true
		}
	}
	var zero R
	return zero, false
}
