package filter

import (
	"strings"
	"unicode"

	"github.com/spacetime/tickets/pkg/store"
)

// Term is one search term: lower-cased Text, and Field when the term was written field:value.
type Term struct {
	Field string
	Text  string
}

// ParseSearch splits free text into terms: white space separates terms, "a quoted phrase" is one term,
// field:value and field:"a phrase" restrict a term to a field when isField(field) says it is one.
func ParseSearch(search string, isField func(lowerKey string) (key string, ok bool)) []Term {
	var terms []Term
	rs := []rune(search)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var b strings.Builder
		colon := -1 // the position in b of the first ':' written before any quote
		quoted := false
		for ; i < len(rs) && !unicode.IsSpace(rs[i]); i++ {
			if rs[i] == '"' {
				quoted = true
				end := i + 1
				for end < len(rs) && rs[end] != '"' {
					end++
				}
				b.WriteString(string(rs[i+1 : end]))
				i = end
				if i == len(rs) {
					break
				}
				continue
			}
			if rs[i] == ':' && colon < 0 && !quoted {
				colon = b.Len()
			}
			b.WriteRune(rs[i])
		}
		text := strings.ToLower(b.String())
		if colon > 0 {
			if key, ok := isField(text[:colon]); ok {
				terms = append(terms, Term{Field: key, Text: text[colon+1:]})
				continue
			}
		}
		if text != "" {
			terms = append(terms, Term{Text: text})
		}
	}
	return terms
}

func compileSearch(v *store.View, search string) pred {
	fields := map[string]string{}
	for _, f := range v.Fields() {
		fields[strings.ToLower(f.Key)] = f.Key
	}
	terms := ParseSearch(search, func(k string) (string, bool) { key, ok := fields[k]; return key, ok })
	preds := make([]pred, 0, len(terms))
	for _, t := range terms {
		if t.Field != "" {
			preds = append(preds, fieldTerm(v, t))
		} else {
			preds = append(preds, anyFieldTerm(v, t.Text))
		}
	}
	return newAnd(preds)
}

// containsTable marks the dictionary entries whose lower-cased text contains term; ok is false when none does.
func containsTable(col *store.Category, term string) (table []bool, ok bool) {
	table = make([]bool, col.Dict.Len())
	for code, text := range col.Dict.Lower() {
		if strings.Contains(text, term) {
			table[code] = true
			ok = true
		}
	}
	return col.Lift(table), ok
}

// anyFieldTerm matches a term in the title, description, id, severity, status, state or any dimension.
func anyFieldTerm(v *store.View, term string) pred {
	var cats codeHits
	for _, col := range append([]*store.Category{v.Category(store.KeySeverity), v.Category(store.KeyStatus), v.Category(store.KeyState)}, v.Dimensions()...) {
		if table, ok := containsTable(col, term); ok {
			cats.add(col, table)
		}
	}
	titles, _ := v.Text(store.KeyTitle)
	descs, _ := v.Text(store.KeyDescription)
	ids, _ := v.Text(store.KeyID)
	sigs, termSig, nd := v.Signatures(), store.TextSignature(term), newNeedle(term)
	descHas := descs.Contains(term)
	searchIDs := v.IDsMayContain(term)
	return rowPred{keep: func(row int) bool {
		if cats.any(row) {
			return true
		}
		if sigs[row].Covers(&termSig) && (lowerHas(titles, row, &nd) || descHas(row)) {
			return true
		}
		return searchIDs && lowerHas(ids, row, &nd)
	}, c: costScan}
}

// lowerHas reports whether row's lower-cased text holds the needle (for a column other than the
// description, which answers through TextColumn.Contains).
func lowerHas(col store.TextColumn, row int, nd *needle) bool {
	if col.Signed() {
		return nd.in(col.Lower(row, nil))
	}
	return col.LowerMatch(row, nd.in)
}

// lowerTest returns a test of "row's lower-cased text in col holds the lower-cased term".
func lowerTest(col store.TextColumn, term string) func(row int) bool {
	if has := col.Contains(term); has != nil {
		return has
	}
	nd := newNeedle(term)
	return func(row int) bool { return lowerHas(col, row, &nd) }
}

func fieldTerm(v *store.View, t Term) pred {
	kind, _ := v.Kind(t.Field)
	switch kind {
	case store.KindCategory:
		table, _ := containsTable(v.Category(t.Field), t.Text)
		return newCodePred(v.Category(t.Field), table)
	case store.KindText:
		text, _ := v.Text(t.Field)
		has := lowerTest(text, t.Text)
		if text.Signed() {
			sigs, termSig := v.Signatures(), store.TextSignature(t.Text)
			return rowPred{keep: func(row int) bool { return sigs[row].Covers(&termSig) && has(row) }, c: costScan}
		}
		return rowPred{keep: has, c: costScan}
	default:
		times := v.Times(t.Field)
		return rowPred{keep: func(row int) bool {
			var buf [32]byte
			return strings.Contains(strings.ToLower(string(appendTimeText(buf[:0], times[row]))), t.Text)
		}, c: costScan}
	}
}
