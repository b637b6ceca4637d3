package store

// push appends v to a column. A full column grows by an eighth (at least 1,024 rows), not by append's
// quarter: a store holds about 6 % of its columns unused on average instead of 12 %.
func push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		grown := make([]T, len(s), len(s)+max(len(s)/8, 1024))
		copy(grown, s)
		s = grown
	}
	return append(s, v)
}
