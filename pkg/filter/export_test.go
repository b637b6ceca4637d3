package filter

// SplitAlways makes every costly predicate split its rows between two goroutines, so tests cover that path.
func SplitAlways() (restore func()) {
	old := parallelWords
	parallelWords = 1
	return func() { parallelWords = old }
}

var RequiredLiterals = func(pattern string) []string {
	var out []string
	for _, h := range requiredLiterals(pattern) {
		if h.lower {
			out = append(out, "lower:"+h.text)
		} else {
			out = append(out, h.text)
		}
	}
	return out
}
