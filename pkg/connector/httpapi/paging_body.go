package httpapi

import (
	"fmt"
	"net/url"
)

// Keyset pages by the key of the last record delivered, never by offset: ServiceNow's
// sys_updated_on>T ^NQ sys_updated_on=T^sys_id>X, GitLab's keyset pagination. Rows inserted, changed or
// deleted while paging cannot shift a page, so none is skipped. The connector says how the key goes on the
// request (Set) and returns the last record's key as PageInfo.Next. It stops at an empty page, when the
// page says it is the last, or when the page held every record the query still matched (PageInfo.Total, the
// system's count for this page's query: ServiceNow's X-Total-Count), which spares the empty last request.
type Keyset struct {
	// LimitParam names the page-size parameter; Limit is the size asked (0: not sent).
	LimitParam string
	Limit      int
	// Set puts the position on the request: after is "" for the first page, else a key the connector made.
	Set func(req *Request, after string)
	// After is the position: the key of the last record delivered ("" before the first page).
	After string
}

func (p *Keyset) Prepare(req *Request) {
	if p.Limit > 0 {
		set(req, false, orDefault(p.LimitParam, "limit"), p.Limit)
	}
	p.Set(req, p.After)
}

func (p *Keyset) Advance(_ *Response, page PageInfo) (bool, error) {
	if page.Items == 0 || page.Last || (page.Total >= 0 && page.Items >= page.Total) {
		return false, nil
	}
	if page.Next == "" {
		return false, fmt.Errorf("a page of %d records gave no key to continue after", page.Items)
	}
	return moveTo(&p.After, page.Next)
}

// NextURL follows the next page's URL that the answer's body carries (Zendesk's next_page or links.next,
// JSON:API's links.next, an in-house API's "next"): PageInfo.Next, absolute or relative to the page. It stops
// when the answer has none or says it is the last. Like LinkHeader, the URL must stay on the system's site.
type NextURL struct {
	// Next is the position: the next page's URL ("" before the first page).
	Next string
}

func (p *NextURL) Prepare(req *Request) {
	if p.Next != "" {
		req.URL, req.Query = p.Next, nil
	}
}

func (p *NextURL) Advance(resp *Response, page PageInfo) (bool, error) {
	if page.Last || page.Next == "" {
		return false, nil
	}
	next := page.Next
	if u, err := url.Parse(next); err == nil && resp != nil && resp.URL != nil {
		next = resp.URL.ResolveReference(u).String()
	}
	if next == p.Next || (resp != nil && resp.URL != nil && next == resp.URL.String()) {
		return false, fmt.Errorf("the next-page URL repeats the page just read")
	}
	p.Next = next
	return true, nil
}
