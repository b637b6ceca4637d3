package jsonapi

import (
	"net/url"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Names the framework's paging strategies put values under when the template has the placeholder instead
// of a query parameter: expand moves them into the URL.
const (
	pageSlot   = "{page}"
	cursorSlot = "{cursor}"
)

// window is the time range a listing asks for.
type window struct{ since, from, to time.Time }

// expand fills the time placeholders of the template, each in its format, query-escaped.
func (c *Connector) expand(w window) string {
	vals := map[string]time.Time{"since": w.since, "from": w.from, "to": w.to}
	return placeholder.ReplaceAllStringFunc(c.spec.URLTemplate, func(m string) string {
		name := m[1 : len(m)-1]
		if t, ok := vals[name]; ok {
			return url.QueryEscape(formatTime(t, c.spec.QueryTimeFormats[name]))
		}
		return m // {page} and {cursor}: filled per page
	})
}

// templated runs a framework paging strategy on the template: the strategy's parameters go in the query,
// except a page number or cursor the template has a placeholder for, which go there.
type templated struct {
	httpapi.Paging
	url string // the template with its times filled in
}

func (p *templated) Prepare(req *httpapi.Request) {
	req.URL = p.url
	p.Paging.Prepare(req)
	if req.URL != p.url { // a Link header's or the body's next URL: followed as given
		return
	}
	for _, slot := range []string{pageSlot, cursorSlot} {
		if strings.Contains(req.URL, slot) {
			req.URL = strings.ReplaceAll(req.URL, slot, url.QueryEscape(req.Query.Get(slot)))
			req.Query.Del(slot)
		}
	}
}

// paging builds the framework strategy of the spec's style.
func (c *Connector) paging(tpl string) httpapi.Paging {
	p := c.spec.Paging
	switch p.Style {
	case PagingOffset:
		return &httpapi.OffsetLimit{OffsetParam: orDefault(p.OffsetParam, "offset"), LimitParam: orDefault(p.LimitParam, "limit"), Limit: p.Size}
	case PagingPage:
		param := orDefault(p.PageParam, "page")
		if strings.Contains(tpl, pageSlot) {
			param = pageSlot
		}
		return &httpapi.PageNumber{PageParam: param, SizeParam: orDefault(p.SizeParam, "per_page"), Size: p.Size, First: p.First}
	case PagingLink:
		return &httpapi.LinkHeader{}
	case PagingNextURL:
		return &httpapi.NextURL{}
	case PagingCursor:
		param := orDefault(p.CursorParam, "cursor")
		if strings.Contains(tpl, cursorSlot) {
			param = cursorSlot
		}
		return &httpapi.Cursor{NextToken: httpapi.NextToken{Param: param}}
	}
	return onePage{}
}

// onePage is the "none" style: the first answer is the whole listing.
type onePage struct{}

func (onePage) Prepare(*httpapi.Request)                                  {}
func (onePage) Advance(*httpapi.Response, httpapi.PageInfo) (bool, error) { return false, nil }

// pageInfo reads the paging facts of one answer.
func (c *Connector) pageInfo(body []byte, items int) httpapi.PageInfo {
	p := c.spec.Paging
	info := httpapi.PageInfo{Items: items, Total: -1}
	if p.Total != "" {
		if t := gjson.GetBytes(body, p.Total); t.Type == gjson.Number {
			info.Total = int(t.Int())
		}
	}
	if p.Next != "" {
		if n := gjson.GetBytes(body, p.Next); n.Type != gjson.Null {
			info.Next = n.String()
		}
	}
	if p.End != "" {
		info.Last = gjson.GetBytes(body, p.End).Bool()
	}
	return info
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
