package store

import (
	"strings"
	"testing"
)

// caseTexts are texts whose lower-cased form has another length or needs more than an ASCII case flip.
var caseTexts = []string{
	"", "already lower", "Timeout on checkout", "DISK FULL on db-1", "mIxEd CaSe",
	"İstanbul İZMİR", // Turkish dotted capital I: 2 bytes → i, 1 byte (Go's simple case mapping)
	"STRAẞE, Straße", // capital sharp s: 3 bytes → ß, 2 bytes
	"ΟΔΥΣΣΕΥΣ ς σ Σ", // Greek capital sigma, final and medial sigma
	"\u212a Kelvin",  // Kelvin sign: 3 bytes → k, 1 byte
	"ÀÉÎÕÜ çà",
	"bad \xff\xfe UTF-8 \xc3", // invalid bytes become U+FFFD in strings.ToLower
	"\uFFFD genuine replacement char",
	"日本語 テキスト ABC",
	"A", "Ω", "İ",
}

func TestCasePatchesRoundTrip(t *testing.T) {
	for _, s := range caseTexts {
		fold, lower := foldPatch(nil, s)
		if lower != strings.ToLower(s) {
			t.Errorf("%q: lower %q", s, lower)
		}
		if got := string(applyCase(nil, s, fold)); got != strings.ToLower(s) {
			t.Errorf("%q: fold patch gives %q, want %q", s, got, strings.ToLower(s))
		}
		if lower == s && len(fold) != 0 {
			t.Errorf("%q is lower-cased but has a patch", s)
		}
	}
}

func TestFoldPatchIsSmallForUsualText(t *testing.T) {
	for s, most := range map[string]int{"Timeout on checkout": 2, "DISK FULL on db-1": 4, "İstanbul": 5, "OPS-1234": 2} {
		if fold, _ := foldPatch(nil, s); len(fold) > most {
			t.Errorf("%q: patch of %d bytes (%v), want at most %d", s, len(fold), fold, most)
		}
	}
}

func TestADamagedPatchNeverPanics(t *testing.T) {
	s := "Timeout İstanbul"
	fold, _ := foldPatch(nil, s)
	for cut := range len(fold) {
		_ = applyCase(nil, s, fold[:cut])
	}
	_ = applyCase(nil, "ab", []byte{0, 200, 1}) // a run longer than the text
	_ = applyCase(nil, "ab", []byte{5, 0})      // a skip past the end
}

func FuzzCasePatches(f *testing.F) {
	for _, s := range caseTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fold, lower := foldPatch(nil, s)
		if got := string(applyCase(nil, s, fold)); got != strings.ToLower(s) || lower != got {
			t.Fatalf("%q: fold gives %q", s, got)
		}
	})
}
