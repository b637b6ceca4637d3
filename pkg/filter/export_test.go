package filter

// SplitAlways makes every costly predicate split its rows between two goroutines, so tests cover that path.
func SplitAlways() (restore func()) {
	old := parallelWords
	parallelWords = 1
	return func() { parallelWords = old }
}

var RequiredLiteral = func(pattern string) (string, bool) {
	h := requiredLiteral(pattern)
	return h.text, h.lower
}
