// Command jira-replay serves a replayed Jira Cloud or Jira Data Center (pkg/connector/jira/jiratest) on a
// loopback port, for the Playwright datasource test and for trying the datasource by hand:
//
//	go run ./tests/jira-replay/cmd -flavor cloud -listen 127.0.0.1:3125 -generate 500
//
// It prints "listening on http://..." once it accepts requests, and the credentials it accepts.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
)

func main() {
	flavor := flag.String("flavor", "cloud", "cloud or dc")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	generate := flag.Int("generate", 200, "generated issues in project GEN besides the six samples, over the last days")
	zone := flag.String("timezone", "", "the API user's time zone (default Australia/Adelaide)")
	latency := flag.Duration("latency", 0, "added to every search answer")
	flag.Parse()

	f := jiratest.Cloud
	switch *flavor {
	case "cloud":
	case "dc":
		f = jiratest.DataCenter
	default:
		log.Fatalf("-flavor must be cloud or dc, got %q", *flavor)
	}
	now := time.Now().UTC()
	issues := jiratest.SampleIssues(now.Add(-12 * time.Hour).Truncate(time.Hour))
	issues = append(issues, jiratest.GenerateIssues(*generate, now.Add(-5*24*time.Hour), 5*24*time.Hour/time.Duration(max(*generate, 1)+1))...)
	s := jiratest.NewUnstarted(f, issues, jiratest.Options{TimeZone: *zone, Latency: *latency})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	_ = s.Listener.Close()
	s.Listener = ln
	s.Start()
	fmt.Printf("listening on %s (%s; Cloud: %s / %s; DC: PAT %s or %s / %s)\n", s.URL, *flavor, jiratest.Email, jiratest.APIToken, jiratest.PAT, jiratest.Username, jiratest.Password)
	_ = os.Stdout.Sync()
	select {} // serves until killed
}
