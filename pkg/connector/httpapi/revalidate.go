package httpapi

import (
	"net/http"
	"sync"
)

// revalidation keeps the latest ETag and answer of each GET URL, so the same request can be asked again with
// If-None-Match and a 304 answered from what was kept (Options.Revalidate). GitHub does not count a 304 against
// its rate limit, and a poll of a repository that did not change asks the very same URL again.
type revalidation struct {
	mu      sync.Mutex
	answers map[string]kept
	bytes   int
}

type kept struct {
	etag   string
	header http.Header
	body   []byte
}

// maxKept and maxKeptBytes bound the answers kept: past either they are all dropped (the next requests are
// asked in full). A poll's pages are small; a backfill's are many and large, and are rarely asked again soon.
const (
	maxKept      = 4096
	maxKeptBytes = 16 << 20
)

// ask sets If-None-Match from the answer kept for url, and returns that answer: a 304 is answered from it
// even if the kept answers are dropped (or replaced) while the request is out.
func (r *revalidation) ask(url string, h http.Header) (kept, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k, ok := r.answers[url]
	if ok {
		h.Set("If-None-Match", k.etag)
	}
	return k, ok
}

// keep records a 2xx answer's ETag and body.
func (r *revalidation) keep(url string, h http.Header, body []byte) {
	etag := h.Get("ETag")
	if etag == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.answers == nil || len(r.answers) >= maxKept || r.bytes+len(body) > maxKeptBytes {
		r.answers, r.bytes = map[string]kept{}, 0
	}
	if old, ok := r.answers[url]; ok {
		r.bytes -= len(old.body)
	}
	r.answers[url] = kept{etag: etag, header: h.Clone(), body: body}
	r.bytes += len(body)
}

// notModified is the kept answer k for a 304: its header and body, with the 304's own headers (rate limits)
// over the kept ones.
func (k kept) notModified(fresh http.Header) (http.Header, []byte) {
	h := k.header.Clone()
	for name, v := range fresh {
		h[name] = v
	}
	return h, k.body
}
