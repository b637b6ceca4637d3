package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTransientFailuresAreRetriedUntilTheAnswer(t *testing.T) {
	faults := map[string]http.HandlerFunc{
		"500":                     status(500),
		"502":                     status(502),
		"503 without Retry-After": status(503),
		"dropped connection":      drop,
		"truncated JSON":          ok(`{"issues":[{"id":1},{"id"`),
		"HTML page with 200":      body("text/html", "<html><body>Proxy error</body></html>"),
		"HTML page with 502":      body("text/html", "<html>Bad gateway</html>"),
		"empty 200 body":          ok(""),
	}
	for name, fault := range faults {
		t.Run(name, func(t *testing.T) {
			s := &script{steps: []http.HandlerFunc{fault, fault, ok(`{"n":1}`)}}
			tc := newTestClient(t, s.ServeHTTP)
			var got struct{ N int }
			resp, err := tc.Do(context.Background(), Request{Path: "/x"}, &got)
			if err != nil || got.N != 1 || resp.Attempts != 3 || s.count() != 3 {
				t.Fatalf("err %v, n %d after %d requests", err, got.N, s.count())
			}
			if sl := tc.slept(); len(sl) != 2 || sl[0] < 250*time.Millisecond || sl[0] > 500*time.Millisecond || sl[1] < 500*time.Millisecond || sl[1] > time.Second {
				t.Fatalf("backoffs %v, want ~0.5 s then ~1 s with jitter", sl)
			}
		})
	}
}

func TestATimeoutIsRetried(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}
	s := &script{steps: []http.HandlerFunc{stall, ok(`{}`)}}
	tc := newTestClient(t, s.ServeHTTP, func(o *Options) { o.Retry.AttemptTimeout = 100 * time.Millisecond })
	if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil || s.count() != 2 {
		t.Fatalf("err %v after %d requests", err, s.count())
	}

	always := &script{steps: []http.HandlerFunc{stall}}
	tc = newTestClient(t, always.ServeHTTP, func(o *Options) { o.Retry = Retry{Attempts: 2, AttemptTimeout: 50 * time.Millisecond} })
	_, err := tc.Do(context.Background(), Request{Path: "/slow"}, nil)
	if KindOf(err) != KindTimeout || err.Error() != "Tracker at "+tc.srv.URL+" did not answer /slow in time (2 attempts)." {
		t.Fatalf("err %v", err)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	at := time.Now().Add(20 * time.Second).UTC().Format(http.TimeFormat)
	cases := map[string]struct {
		fault http.HandlerFunc
		min   time.Duration
		max   time.Duration
	}{
		"429 seconds":                {status(429, "Retry-After", "1"), time.Second, time.Second},
		"503 seconds":                {status(503, "Retry-After", "3"), 3 * time.Second, 3 * time.Second},
		"429 HTTP date":              {status(429, "Retry-After", at), 18 * time.Second, 20 * time.Second},
		"429 spent budget":           {status(429, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", itoa(time.Now().Add(5*time.Second).Unix())), 3 * time.Second, 5 * time.Second},
		"429 no Retry-After":         {status(429), 250 * time.Millisecond, 500 * time.Millisecond},
		"403 GitHub secondary limit": {status(403, "Retry-After", "2"), 2 * time.Second, 2 * time.Second},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s := &script{steps: []http.HandlerFunc{c.fault, ok(`{}`)}}
			tc := newTestClient(t, s.ServeHTTP)
			if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil || s.count() != 2 {
				t.Fatalf("err %v after %d requests", err, s.count())
			}
			sl := tc.slept()
			var total time.Duration
			for _, d := range sl {
				total += d
			}
			if total < c.min || total > c.max {
				t.Fatalf("waited %v (%v), want %v..%v", total, sl, c.min, c.max)
			}
		})
	}
}

func TestALongWaitIsLeftToTheCaller(t *testing.T) {
	s := &script{steps: []http.HandlerFunc{status(429, "Retry-After", "600")}}
	tc := newTestClient(t, s.ServeHTTP)
	_, err := tc.Do(context.Background(), Request{Path: "/search"}, nil)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindRateLimited || s.count() != 1 || len(tc.slept()) != 0 {
		t.Fatalf("err %v after %d requests, slept %v", err, s.count(), tc.slept())
	}
	if w, ok := e.RetryAfter(); !ok || w != 10*time.Minute {
		t.Fatalf("RetryAfter %v %v", w, ok)
	}
	if want := "Tracker at " + tc.srv.URL + " is rate limiting requests (429): try again in 10 min."; err.Error() != want {
		t.Fatalf("sentence %q, want %q", err, want)
	}
}

func TestNonTransientAnswersReturnAtOnce(t *testing.T) {
	for code, kind := range map[int]Kind{400: KindBadRequest, 401: KindAuth, 403: KindForbidden, 404: KindNotFound, 410: KindNotFound, 422: KindBadRequest} {
		s := &script{steps: []http.HandlerFunc{status(code)}}
		tc := newTestClient(t, s.ServeHTTP)
		_, err := tc.Do(context.Background(), Request{Path: "/x"}, nil)
		if KindOf(err) != kind || StatusOf(err) != code || s.count() != 1 || len(tc.slept()) != 0 {
			t.Errorf("%d: kind %v, err %v after %d requests", code, KindOf(err), err, s.count())
		}
	}
}

func TestTheBoundEndsRetries(t *testing.T) {
	s := &script{steps: []http.HandlerFunc{status(500)}}
	tc := newTestClient(t, s.ServeHTTP, func(o *Options) { o.Retry.Attempts = 3 })
	_, err := tc.Do(context.Background(), Request{Path: "/x"}, nil)
	if KindOf(err) != KindServer || s.count() != 3 || len(tc.slept()) != 2 {
		t.Fatalf("err %v after %d requests", err, s.count())
	}
	if want := "Tracker at " + tc.srv.URL + " answered 500 Internal Server Error for /x (3 attempts)."; err.Error() != want {
		t.Fatalf("sentence %q, want %q", err, want)
	}
	// A person waiting (Save & test) gets fewer attempts.
	s = &script{steps: []http.HandlerFunc{status(500)}}
	tc = newTestClient(t, s.ServeHTTP)
	if _, err := tc.Do(WithAttempts(context.Background(), 1), Request{Path: "/x"}, nil); err == nil || s.count() != 1 {
		t.Fatalf("WithAttempts(1): err %v after %d requests", err, s.count())
	}
}

func TestCancellingStopsAtOnce(t *testing.T) {
	s := &script{steps: []http.HandlerFunc{status(500)}}
	tc := newTestClient(t, s.ServeHTTP)
	ctx, cancel := context.WithCancel(context.Background())
	tc.Client.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	if _, err := tc.Do(ctx, Request{Path: "/x"}, nil); !errors.Is(err, context.Canceled) || s.count() != 1 {
		t.Fatalf("err %v after %d requests", err, s.count())
	}
}

func TestJSONOfTheWrongShapeIsABadAnswerNotRetried(t *testing.T) {
	s := &script{steps: []http.HandlerFunc{ok(`{"n":"one"}`)}}
	tc := newTestClient(t, s.ServeHTTP)
	var got struct{ N int }
	_, err := tc.Do(context.Background(), Request{Path: "/x"}, &got)
	if KindOf(err) != KindBadAnswer || s.count() != 1 || !strings.Contains(err.Error(), "is JSON but not shaped like Tracker's") {
		t.Fatalf("err %v after %d requests", err, s.count())
	}
}

func TestARedirectToAnotherSiteIsReportedWithoutTheCredentials(t *testing.T) {
	var leaked bool
	login := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { leaked = r.Header.Get("Authorization") != "" })
	s := &script{steps: []http.HandlerFunc{status(302, "Location", login.srv.URL+"/sso/login?token="+secret)}}
	tc := newTestClient(t, s.ServeHTTP)
	_, err := tc.Do(context.Background(), Request{Path: "/rest/api/3/myself"}, nil)
	if KindOf(err) != KindBadAnswer || leaked || !strings.Contains(err.Error(), "redirected /rest/api/3/myself to another site") || strings.Contains(err.Error(), secret) {
		t.Fatalf("err %v (credentials sent to the other site: %v)", err, leaked)
	}
	// The same site may redirect (a trailing slash, http → https on one host).
	s = &script{steps: []http.HandlerFunc{status(301, "Location", "/y"), ok(`{}`)}}
	tc = newTestClient(t, s.ServeHTTP)
	if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestAuthKindsSetTheirHeaders(t *testing.T) {
	cases := []struct {
		auth         Auth
		header, want string
	}{
		{APIKey{Header: "X-Redmine-API-Key", Key: "k1"}, "X-Redmine-API-Key", "k1"},
		{APIKey{Header: "PRIVATE-TOKEN", Key: "glpat-1"}, "Private-Token", "glpat-1"},
		{Basic{User: "me@example.com", Password: "tok"}, "Authorization", "Basic bWVAZXhhbXBsZS5jb206dG9r"},
		{Bearer{Token: "pat"}, "Authorization", "Bearer pat"},
		{TokenHeader{Prefix: "Token token=", Token: "pd"}, "Authorization", "Token token=pd"},
	}
	for _, c := range cases {
		var got string
		tc := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get(c.header); ok(`{}`)(w, r) },
			func(o *Options) { o.Auth = c.auth })
		if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil || got != c.want {
			t.Errorf("%T: %s = %q, want %q (%v)", c.auth, c.header, got, c.want, err)
		}
	}
}

func TestAPOSTBodyIsSentAgainOnARetry(t *testing.T) {
	var bodies []string
	s := &script{steps: []http.HandlerFunc{status(502), ok(`{}`)}}
	tc := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 100)
		n, _ := r.Body.Read(b)
		bodies = append(bodies, r.Method+" "+r.Header.Get("Content-Type")+" "+string(b[:n]))
		s.ServeHTTP(w, r)
	})
	if _, err := tc.Do(context.Background(), Request{Method: "POST", Path: "/search", Body: map[string]any{"jql": "project = OPS"}}, nil); err != nil {
		t.Fatal(err)
	}
	want := `POST application/json {"jql":"project = OPS"}`
	if len(bodies) != 2 || bodies[0] != want || bodies[1] != want {
		t.Fatalf("bodies %q", bodies)
	}
}

func TestA503WithALongRetryAfterTellsTheCallerWhenToComeBack(t *testing.T) {
	s := &script{steps: []http.HandlerFunc{status(503, "Retry-After", "300")}}
	tc := newTestClient(t, s.ServeHTTP)
	_, err := tc.Do(context.Background(), Request{Path: "/x"}, nil)
	var e *Error
	if !errors.As(err, &e) || s.count() != 1 {
		t.Fatalf("err %v after %d requests", err, s.count())
	}
	if w, ok := e.RetryAfter(); !ok || w != 5*time.Minute {
		t.Fatalf("RetryAfter %v %v, want 5 min", w, ok)
	}
}

func TestASystemsOwnRateLimitAnswerIsReadByItsHook(t *testing.T) {
	secondary := func(status int, _ http.Header, body []byte) time.Duration {
		if status == 403 && strings.Contains(string(body), "secondary rate limit") || status == 429 {
			return time.Minute
		}
		return 0
	}
	limited := &script{steps: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		_, _ = w.Write([]byte(`{"message":"You have exceeded a secondary rate limit."}`))
	}}}
	tc := newTestClient(t, limited.ServeHTTP, func(o *Options) { o.RateLimitWait = secondary })
	_, err := tc.Do(context.Background(), Request{Path: "/repos/o/r/issues"}, nil)
	if w, ok := connectorRetryAfter(err); KindOf(err) != KindRateLimited || !ok || w != time.Minute || limited.count() != 1 {
		t.Fatalf("a secondary limit: kind %v, wait %v %v, err %v after %d requests", KindOf(err), w, ok, err, limited.count())
	}
	// A 403 the hook does not call a rate limit stays a refusal, returned at once.
	refused := &script{steps: []http.HandlerFunc{status(403)}}
	tc = newTestClient(t, refused.ServeHTTP, func(o *Options) { o.RateLimitWait = secondary })
	if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); KindOf(err) != KindForbidden || refused.count() != 1 {
		t.Fatalf("a plain 403: kind %v after %d requests", KindOf(err), refused.count())
	}
}

func connectorRetryAfter(err error) (time.Duration, bool) {
	var e *Error
	if !errors.As(err, &e) {
		return 0, false
	}
	return e.RetryAfter()
}

func TestAnUnchangedAnswerIsRevalidatedWithItsETag(t *testing.T) {
	var asked []string
	srv := func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.Header.Get("If-None-Match"))
		w.Header().Set("X-RateLimit-Remaining", itoa(int64(100-len(asked))))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Link", `</x?page=2>; rel="next"`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[1,2,3]`))
	}
	tc := newTestClient(t, srv, func(o *Options) { o.Revalidate = true })
	first, err := tc.Do(context.Background(), Request{Path: "/x", Query: map[string][]string{"since": {"a"}}}, nil)
	if err != nil || first.NotModified {
		t.Fatal(first, err)
	}
	again, err := tc.Do(context.Background(), Request{Path: "/x", Query: map[string][]string{"since": {"a"}}}, nil)
	if err != nil || !again.NotModified || string(again.Body) != "[1,2,3]" || again.Header.Get("Link") == "" || again.Header.Get("X-RateLimit-Remaining") != "98" {
		t.Fatalf("the 304: %+v, %v", again, err)
	}
	other, _ := tc.Do(context.Background(), Request{Path: "/x", Query: map[string][]string{"since": {"b"}}}, nil)
	if other.NotModified || asked[2] != "" || asked[1] != `"v1"` {
		t.Fatalf("another URL was revalidated: %v", asked)
	}
}

// TestA304AnswersFromTheAnswerItRevalidated: while a revalidation is out, other requests (a backfill's
// concurrent slices) may fill the kept answers past their bound, which drops them all; the 304 must still be
// answered from the answer its If-None-Match named, not fail as an unexpected redirect.
func TestA304AnswersFromTheAnswerItRevalidated(t *testing.T) {
	var tc *testClient
	srv := func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			for i := range maxKept { // the other slices' pages, answered meanwhile
				tc.kept.keep("/other?page="+itoa(int64(i)), http.Header{"Etag": {`"o"`}}, []byte(`[]`))
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[1,2,3]`))
	}
	tc = newTestClient(t, srv, func(o *Options) { o.Revalidate = true })
	if _, err := tc.Do(context.Background(), Request{Path: "/x"}, nil); err != nil {
		t.Fatal(err)
	}
	again, err := tc.Do(context.Background(), Request{Path: "/x"}, nil)
	if err != nil || !again.NotModified || string(again.Body) != "[1,2,3]" {
		t.Fatalf("the 304 after the kept answers were dropped: %+v, %v", again, err)
	}
}
