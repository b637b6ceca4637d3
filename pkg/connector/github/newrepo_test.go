package github_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/github"
	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// TestARepositoryNewToTheOrganisationIsPolledFromTheLastListing: a repository created in the organisation
// between two hourly listings has issues updated before the poll that finds it; that poll must read them,
// not only the changes of the last two minutes.
func TestARepositoryNewToTheOrganisationIsPolledFromTheLastListing(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	repos := []githubtest.Repo{{FullName: "acme/shop", ID: 1, HasIssues: true}, {FullName: "acme/billing", ID: 2, HasIssues: true}}
	issues := []*githubtest.Issue{
		{Repo: "acme/shop", Number: 1, Title: "old", State: "open", Created: now.Add(-3 * time.Hour), Updated: now.Add(-3 * time.Hour)},
		{Repo: "acme/billing", Number: 1, Title: "filed in the new repository", State: "open", Created: now.Add(-30 * time.Minute), Updated: now.Add(-30 * time.Minute)},
	}
	srv := githubtest.New(t, repos, issues, githubtest.Options{})
	var hidden atomic.Bool // billing is not there yet at the first listing
	hidden.Store(true)
	target, _ := url.Parse(srv.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = srv.Client().Transport
	rp.ModifyResponse = func(r *http.Response) error {
		if !strings.HasSuffix(r.Request.URL.Path, "/orgs/acme/repos") || !hidden.Load() {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var list []map[string]any
		if err := json.Unmarshal(body, &list); err != nil {
			return err
		}
		kept := list[:0]
		for _, repo := range list {
			if repo["full_name"] != "acme/billing" {
				kept = append(kept, repo)
			}
		}
		body, _ = json.Marshal(kept)
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		r.Header.Del("ETag") // the listing without billing is not GitHub's: it must not be revalidated
		return nil
	}
	front := httptest.NewServer(rp)
	t.Cleanup(front.Close)
	api := front.URL + strings.TrimPrefix(srv.APIURL(), srv.URL)

	clock := now.Add(-time.Hour)
	conn := github.New(github.Config{API: api, Org: githubtest.Org, Token: githubtest.Token, RepoRefresh: time.Hour,
		Tune: []func(*httpapi.Options){fast}, Now: func() time.Time { return clock }})
	poll := func(since time.Time) map[string]bool { return polled(t, conn, since) }
	poll(clock.Add(-2 * time.Minute)) // the listing an hour ago: shop only

	hidden.Store(false)
	clock = now // the next listing finds billing
	if got := poll(now.Add(-2 * time.Minute)); !got["acme/billing#1"] {
		t.Fatalf("the poll that found acme/billing delivered %v; want its issue updated 30 minutes ago", got)
	}
	if got := poll(now.Add(-2 * time.Minute)); got["acme/billing#1"] {
		t.Errorf("the poll after that still read acme/billing from the old listing: %v", got)
	}
}
