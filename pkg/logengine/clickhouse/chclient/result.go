package chclient

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Column index by name, or -1.
func (r *Result) Column(name string) int {
	for i, c := range r.Meta {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Float reads a numeric cell; JSONCompact quotes 64-bit integers, so both "12" and 12 are read.
func (r *Result) Float(row, col int) (float64, error) {
	raw := r.Data[row][col]
	var x float64
	if err := json.Unmarshal(raw, &x); err == nil {
		return x, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, fmt.Errorf("column %s row %d: %s is not a number", r.Meta[col].Name, row, raw)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("column %s row %d: %q is not a number", r.Meta[col].Name, row, s)
	}
	return x, nil
}

// Int reads an integer cell exactly (64-bit integers arrive quoted).
func (r *Result) Int(row, col int) (int64, error) {
	raw := r.Data[row][col]
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if u, uerr := strconv.ParseUint(s, 10, 64); uerr == nil {
			return int64(u), nil
		}
		return 0, fmt.Errorf("column %s row %d: %s is not an integer", r.Meta[col].Name, row, raw)
	}
	return n, nil
}

// String reads a text cell (any other JSON value as its text).
func (r *Result) String(row, col int) string {
	raw := r.Data[row][col]
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

// Floats reads an array-of-numbers cell.
func (r *Result) Floats(row, col int) ([]float64, error) {
	var xs []json.RawMessage
	if err := json.Unmarshal(r.Data[row][col], &xs); err != nil {
		return nil, fmt.Errorf("column %s row %d: not an array", r.Meta[col].Name, row)
	}
	out := make([]float64, len(xs))
	for i, raw := range xs {
		tmp := Result{Meta: []Column{r.Meta[col]}, Data: [][]json.RawMessage{{raw}}}
		x, err := tmp.Float(0, 0)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}
