// Command forge-replay serves a replayed GitHub Enterprise Server (pkg/connector/github/githubtest) or GitLab
// (pkg/connector/gitlab/gitlabtest) on a loopback port, for the Playwright datasource test and for trying the
// datasource by hand:
//
//	go run ./tests/forge-replay/cmd -system github -listen 127.0.0.1:3127 -generate 300
//
// It prints "listening on http://..." once it accepts requests, and the token it accepts.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http/httptest"
	"os"
	"time"

	"github.com/spacetime/tickets/pkg/connector/github/githubtest"
	"github.com/spacetime/tickets/pkg/connector/gitlab/gitlabtest"
)

func main() {
	system := flag.String("system", "github", "github or gitlab")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	generate := flag.Int("generate", 200, "generated issues besides the samples, over the last 5 days")
	latency := flag.Duration("latency", 0, "added to every answer")
	flag.Parse()

	now := time.Now().UTC()
	start, step := now.Add(-5*24*time.Hour), 5*24*time.Hour/time.Duration(max(*generate, 1)+1)
	var srv *httptest.Server
	var token string
	switch *system {
	case "github":
		issues := githubtest.SampleIssues(now.Add(-12 * time.Hour).Truncate(time.Hour))
		issues = append(issues, githubtest.GenerateIssues(*generate, []string{"acme/shop", "acme/payments"}, start, step, 100)...)
		srv = githubtest.NewUnstarted(githubtest.SampleRepos(), issues, githubtest.Options{Enterprise: true, Latency: *latency}).Server
		token = githubtest.Token
	case "gitlab":
		issues := gitlabtest.SampleIssues(now.Add(-12 * time.Hour).Truncate(time.Hour))
		issues = append(issues, gitlabtest.GenerateIssues(*generate, "acme/shop", start, step, 100)...)
		srv = gitlabtest.NewUnstarted(gitlabtest.SampleProjects(), issues, gitlabtest.Options{Keyset: true, Latency: *latency}).Server
		token = gitlabtest.Token
	default:
		log.Fatalf("-system must be github or gitlab, got %q", *system)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	fmt.Printf("listening on %s (%s; token %s)\n", srv.URL, *system, token)
	_ = os.Stdout.Sync()
	select {} // serves until killed
}
