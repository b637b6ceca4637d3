package replay

import (
	"sync"
	"time"
)

// Copies returns a copy of each record, read under mu (the lock the server serves them under), so a test can
// compare what it synced with what the server holds while the server goes on.
func Copies[T any](mu sync.Locker, records []*T) []T {
	mu.Lock()
	defer mu.Unlock()
	out := make([]T, len(records))
	for i, r := range records {
		out[i] = *r
	}
	return out
}

// Edit runs change, under mu, on each record match picks. A record whose update time (updated) change left
// alone is updated now, to the second: an edit is a change a poll must find.
func Edit[T any](mu sync.Locker, records []*T, match func(*T) bool, updated func(*T) *time.Time, change func(*T)) {
	mu.Lock()
	defer mu.Unlock()
	for _, r := range records {
		if !match(r) {
			continue
		}
		at := updated(r)
		before := *at
		change(r)
		if at.Equal(before) {
			*at = time.Now().UTC().Truncate(time.Second)
		}
	}
}
