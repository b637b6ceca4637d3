package jira

import (
	"regexp"
	"strconv"
	"strings"
)

// Jira wiki markup (Data Center descriptions) → plain text. Hand-written: no Go library renders Jira's
// dialect, and plain text needs only the markers removed.
var (
	wikiBlockMacro = regexp.MustCompile(`\{(code|noformat|quote|panel)(:[^}]*)?\}`)
	wikiColor      = regexp.MustCompile(`\{color(:[^}]*)?\}`)
	wikiHeading    = regexp.MustCompile(`(?m)^h[1-6]\.\s*`)
	wikiQuote      = regexp.MustCompile(`(?m)^bq\.\s*`)
	wikiBullet     = regexp.MustCompile(`(?m)^[*\-]+[ \t]+`)
	wikiNumbered   = regexp.MustCompile(`(?m)^#+[ \t]+`)
	wikiLinkText   = regexp.MustCompile(`\[([^|\]]+)\|([^\]]+)\]`)
	wikiLink       = regexp.MustCompile(`\[([^|\]]+)\]`)
	wikiImage      = regexp.MustCompile(`![^!\s][^!]*!`)
	wikiMono       = regexp.MustCompile(`\{\{(.+?)\}\}`)
	wikiEmphasis   = regexp.MustCompile(`(^|[\s(])([*_+^~?]|-)(\S(?:.*?\S)?)(?:[*_+^~?]|-)($|[\s).,:;!?])`)
	wikiTableHead  = regexp.MustCompile(`\|\|`)
	wikiRule       = regexp.MustCompile(`(?m)^-{4,}\s*$`)
	wikiBlankLines = regexp.MustCompile(`\n{3,}`)
)

// WikiText renders Jira wiki markup as plain text: headings, quotes and macros lose their markers, bullets
// become "- ", numbered items "1. ", links "text (url)", emphasis and monospace their text; images are left out.
func WikiText(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = wikiBlockMacro.ReplaceAllString(s, "")
	s = wikiColor.ReplaceAllString(s, "")
	s = wikiHeading.ReplaceAllString(s, "")
	s = wikiQuote.ReplaceAllString(s, "")
	s = wikiRule.ReplaceAllString(s, "\x00")
	s = numberItems(s)
	s = wikiBullet.ReplaceAllString(s, "- ")
	s = wikiLinkText.ReplaceAllString(s, "$1 ($2)")
	s = wikiLink.ReplaceAllString(s, "$1")
	s = wikiImage.ReplaceAllString(s, "")
	s = wikiMono.ReplaceAllString(s, "$1")
	for range 2 { // nested emphasis (*_both_*)
		s = wikiEmphasis.ReplaceAllString(s, "$1$3$4")
	}
	s = wikiTableHead.ReplaceAllString(s, "|")
	s = strings.ReplaceAll(s, `\\`, "\n")
	s = strings.ReplaceAll(s, "\x00", "---") // the rule, kept away from the emphasis markers
	s = wikiBlankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// numberItems turns consecutive "# item" lines into "1. item", "2. item".
func numberItems(s string) string {
	lines := strings.Split(s, "\n")
	n := 0
	for i, l := range lines {
		if loc := wikiNumbered.FindStringIndex(l); loc != nil {
			n++
			lines[i] = strconv.Itoa(n) + ". " + l[loc[1]:]
			continue
		}
		n = 0
	}
	return strings.Join(lines, "\n")
}
