package jira

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// adfNode is one node of an Atlassian Document Format document.
type adfNode struct {
	Type    string         `json:"type"`
	Text    string         `json:"text"`
	Attrs   map[string]any `json:"attrs"`
	Content []adfNode      `json:"content"`
}

// ADFText renders an ADF document (Jira Cloud's description and rich-text fields) as plain text: one line per
// paragraph, heading or list item ("- " or "1. "), code blocks and quotes as their text, table cells joined
// by " | ", mentions, emoji, dates, status lozenges and link cards by their text or URL. Media are left out.
// A value that is not an ADF document is returned as its string, if it is one.
func ADFText(raw json.RawMessage) string {
	var doc adfNode
	if len(raw) == 0 || json.Unmarshal(raw, &doc) != nil || doc.Type != "doc" {
		return str(raw)
	}
	var b strings.Builder
	blocks(&b, doc.Content, "")
	return strings.TrimSpace(b.String())
}

func blocks(b *strings.Builder, nodes []adfNode, indent string) {
	for _, n := range nodes {
		switch n.Type {
		case "bulletList", "orderedList":
			for i, item := range n.Content {
				marker := "- "
				if n.Type == "orderedList" {
					marker = strconv.Itoa(i+1) + ". "
				}
				b.WriteString(indent + marker)
				// The item's first block continues the marker's line; nested lists indent.
				var inner strings.Builder
				blocks(&inner, item.Content, indent+"  ")
				b.WriteString(strings.TrimPrefix(inner.String(), indent+"  "))
			}
		case "table":
			for _, row := range n.Content {
				var cells []string
				for _, cell := range row.Content {
					var c strings.Builder
					blocks(&c, cell.Content, "")
					cells = append(cells, strings.TrimSpace(c.String()))
				}
				b.WriteString(indent + strings.Join(cells, " | ") + "\n")
			}
		case "rule":
			b.WriteString(indent + "---\n")
		case "paragraph", "heading", "codeBlock":
			b.WriteString(indent)
			inline(b, n.Content)
			b.WriteString("\n")
		case "mediaSingle", "mediaGroup", "media":
		default: // blockquote, panel, expand, layouts...: their blocks
			if len(n.Content) > 0 && isInline(n.Content[0].Type) {
				b.WriteString(indent)
				inline(b, n.Content)
				b.WriteString("\n")
			} else {
				blocks(b, n.Content, indent)
			}
		}
	}
}

func isInline(t string) bool {
	switch t {
	case "text", "hardBreak", "mention", "emoji", "date", "status", "inlineCard":
		return true
	}
	return false
}

func inline(b *strings.Builder, nodes []adfNode) {
	for _, n := range nodes {
		switch n.Type {
		case "text":
			b.WriteString(n.Text)
		case "hardBreak":
			b.WriteString("\n")
		case "mention", "status":
			b.WriteString(attr(n, "text"))
		case "emoji":
			if t := attr(n, "text"); t != "" {
				b.WriteString(t)
			} else {
				b.WriteString(attr(n, "shortName"))
			}
		case "inlineCard", "blockCard":
			b.WriteString(attr(n, "url"))
		case "date":
			if ms, err := json.Number(attr(n, "timestamp")).Int64(); err == nil {
				b.WriteString(time.UnixMilli(ms).UTC().Format("2006-01-02"))
			}
		default:
			inline(b, n.Content)
		}
	}
}

func attr(n adfNode, key string) string {
	switch v := n.Attrs[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}
