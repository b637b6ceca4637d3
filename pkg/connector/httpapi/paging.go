package httpapi

import (
	"context"
	"fmt"
	"net/url"
)

// PageInfo is what a connector read from one page's answer.
type PageInfo struct {
	// Items is how many records the page held.
	Items int
	// Total is the system's count for the whole listing, -1 if it gives none.
	Total int
	// Next is the next-page token or cursor the answer carried ("" when none).
	Next string
	// Last is true when the answer says it is the last page (PagerDuty's more=false, Zendesk's
	// end_of_stream, Jira's isLast).
	Last bool
}

// Paging is a paging strategy. It holds the listing's position: Prepare puts it on the next request,
// Advance moves it past a page that was fetched and delivered. A failed page leaves the position where it
// was, so calling Walk again with the same Paging resumes at that page, never at the first.
type Paging interface {
	// Prepare sets the position of the page to fetch on req (query parameters, body fields or the URL).
	Prepare(req *Request)
	// Advance records a delivered page and reports whether another page follows.
	Advance(resp *Response, page PageInfo) (more bool, err error)
}

// Walk fetches the pages of a listing in order. page decodes each answer, delivers its records and says
// what it held; an error from page stops the listing. Each request is retried on its own by the client.
func (c *Client) Walk(ctx context.Context, req Request, p Paging, page func(*Response) (PageInfo, error)) error {
	for {
		r := req.clone()
		p.Prepare(&r)
		resp, err := c.Do(ctx, r, nil)
		if err != nil {
			return err
		}
		info, err := page(resp)
		if err != nil {
			return err
		}
		more, err := p.Advance(resp, info)
		if err != nil {
			return c.finish(&Error{Kind: KindBadAnswer, Path: req.Path, Status: resp.Status, Err: err, shape: true})
		}
		if !more {
			return nil
		}
	}
}

// set puts a paging parameter in the query, or in the JSON body of a POST search.
func set(req *Request, inBody bool, name string, value any) {
	if inBody {
		if req.Body == nil {
			req.Body = map[string]any{}
		}
		req.Body[name] = value
		return
	}
	if req.Query == nil {
		req.Query = url.Values{}
	}
	req.Query.Set(name, fmt.Sprint(value))
}

// OffsetLimit pages by record offset: Redmine (offset/limit), Jira Data Center (startAt/maxResults),
// ServiceNow (sysparm_offset/sysparm_limit), PagerDuty (offset/limit). It advances by the records a page
// actually held, so a server that caps the page below Limit loses nothing, and stops at Total, at an empty
// page or when the page says it is the last.
type OffsetLimit struct {
	// OffsetParam and LimitParam name the parameters (default "offset" and "limit").
	OffsetParam, LimitParam string
	Limit                   int
	// InBody puts them in the JSON body instead of the query.
	InBody bool
	// Offset is the position: the offset of the next page.
	Offset int
}

func (p *OffsetLimit) Prepare(req *Request) {
	set(req, p.InBody, orDefault(p.OffsetParam, "offset"), p.Offset)
	if p.Limit > 0 {
		set(req, p.InBody, orDefault(p.LimitParam, "limit"), p.Limit)
	}
}

func (p *OffsetLimit) Advance(_ *Response, page PageInfo) (bool, error) {
	p.Offset += page.Items
	return page.Items > 0 && !page.Last && (page.Total < 0 || p.Offset < page.Total), nil
}

// PageNumber pages by page number: GitLab (page/per_page), GitHub without Link. It stops at an empty page,
// a short count against Total, or when the page says it is the last.
type PageNumber struct {
	// PageParam and SizeParam name the parameters (default "page" and "per_page").
	PageParam, SizeParam string
	Size                 int
	// First is the number of the first page (default 1).
	First int
	// Page is the position: the number of the next page (0 = First).
	Page int
	// Fetched counts the records delivered so far.
	Fetched int
}

func (p *PageNumber) Prepare(req *Request) {
	if p.Page == 0 {
		p.Page = p.First
		if p.Page == 0 {
			p.Page = 1
		}
	}
	set(req, false, orDefault(p.PageParam, "page"), p.Page)
	if p.Size > 0 {
		set(req, false, orDefault(p.SizeParam, "per_page"), p.Size)
	}
}

func (p *PageNumber) Advance(resp *Response, page PageInfo) (bool, error) {
	p.Page++
	p.Fetched += page.Items
	if page.Items == 0 || page.Last || (page.Total >= 0 && p.Fetched >= page.Total) {
		return false, nil
	}
	if resp != nil {
		// GitLab says it in a header: an empty X-Next-Page on the last page.
		if _, has := resp.Header["X-Next-Page"]; has && resp.Header.Get("X-Next-Page") == "" {
			return false, nil
		}
	}
	return true, nil
}

// LinkHeader follows the Link header's rel="next" URL (RFC 8288): GitHub, GitLab (also keyset paging),
// ServiceNow. The URL must stay on the system's site (the client refuses others), so credentials never
// follow a link elsewhere.
type LinkHeader struct {
	// Next is the position: the next page's URL ("" before the first page).
	Next string
}

func (p *LinkHeader) Prepare(req *Request) {
	if p.Next != "" {
		req.URL, req.Query = p.Next, nil
	}
}

func (p *LinkHeader) Advance(resp *Response, _ PageInfo) (bool, error) {
	next := NextLink(resp.Header.Values("Link"))
	if next == "" {
		return false, nil
	}
	if u, err := url.Parse(next); err == nil && resp.URL != nil {
		next = resp.URL.ResolveReference(u).String() // a relative link is relative to the page it came with
	}
	if next == p.Next {
		return false, fmt.Errorf("the next-page link repeats the page just read")
	}
	p.Next = next
	return true, nil
}

// NextToken pages with a token the previous answer returned: Jira Cloud's nextPageToken. It stops when an
// answer has no token, whatever else it says (Jira's isLast was once unreliable).
type NextToken struct {
	// Param names the token parameter ("nextPageToken").
	Param string
	// InBody puts it in the JSON body (POST search) instead of the query.
	InBody bool
	// Token is the position: the next page's token ("" before the first page).
	Token string
}

func (p *NextToken) Prepare(req *Request) {
	if p.Token != "" {
		set(req, p.InBody, p.Param, p.Token)
	}
}

func (p *NextToken) Advance(_ *Response, page PageInfo) (bool, error) {
	return moveTo(&p.Token, page.Next)
}

// moveTo sets a token position to next; a token that repeats the one just asked with would loop forever.
func moveTo(pos *string, next string) (bool, error) {
	if next != "" && next == *pos {
		return false, fmt.Errorf("the answer repeats the page token or cursor it was asked with")
	}
	*pos = next
	return next != "", nil
}

// Cursor pages with an opaque cursor and an end-of-stream flag: Zendesk's incremental export (cursor,
// end_of_stream), PagerDuty's log entries. It stops at the end flag (PageInfo.Last) or when no cursor comes
// back.
type Cursor struct{ NextToken }

func (p *Cursor) Advance(r *Response, page PageInfo) (bool, error) {
	if page.Last {
		return false, nil
	}
	return p.NextToken.Advance(r, page)
}

// LinkOrNextPage follows the Link header's rel="next" and, on an answer without a Link header, a next-page
// number header (GitLab's X-Next-Page, empty on the last page): GitLab sends Link for keyset and offset
// paging alike, but proxies and some versions drop it.
type LinkOrNextPage struct {
	// Header names the next-page header (default X-Next-Page); Param the page parameter (default "page").
	Header, Param string
	// Link is the position while links are followed; Page while page numbers are.
	Link LinkHeader
	Page string
}

func (p *LinkOrNextPage) Prepare(req *Request) {
	switch {
	case p.Link.Next != "":
		p.Link.Prepare(req)
	case p.Page != "":
		set(req, false, orDefault(p.Param, "page"), p.Page)
	}
}

func (p *LinkOrNextPage) Advance(resp *Response, page PageInfo) (bool, error) {
	if NextLink(resp.Header.Values("Link")) != "" {
		return p.Link.Advance(resp, page)
	}
	next := resp.Header.Get(orDefault(p.Header, "X-Next-Page"))
	if next == "" || page.Items == 0 {
		return false, nil
	}
	if next == p.Page {
		return false, fmt.Errorf("the next-page header repeats the page just read")
	}
	p.Link.Next, p.Page = "", next
	return true, nil
}
