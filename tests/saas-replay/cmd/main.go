// Command saas-replay serves a replayed ServiceNow (snowtest), PagerDuty (pdtest) or Zendesk (jsontest) on a
// loopback port, for the Playwright datasource tests and for trying the datasource by hand:
//
//	go run ./tests/saas-replay/cmd -system zendesk -listen 127.0.0.1:3212
//
// It prints "listening on http://..." once it accepts requests, and the credentials it accepts.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spacetime/tickets/pkg/connector/jsonapi/jsontest"
	"github.com/spacetime/tickets/pkg/connector/pagerduty/pdtest"
	"github.com/spacetime/tickets/pkg/connector/servicenow/snowtest"
)

func main() {
	system := flag.String("system", "zendesk", "servicenow, pagerduty or zendesk")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	generate := flag.Int("generate", 200, "generated records besides the samples, over the last days")
	flag.Parse()

	now := time.Now().UTC()
	base := now.Add(-12 * time.Hour).Truncate(time.Hour)
	start, step := now.Add(-5*24*time.Hour), 5*24*time.Hour/time.Duration(max(*generate, 1)+1)
	var handler http.Handler
	var creds string
	switch *system {
	case "servicenow":
		s := snowtest.NewUnstarted(append(snowtest.Sample(base), snowtest.Generate(*generate, start, step)...), snowtest.Options{PageCap: 100})
		handler, creds = s.Config.Handler, fmt.Sprintf("%s / %s, OAuth %s / %s", snowtest.User, snowtest.Password, snowtest.ClientID, snowtest.ClientSecret)
	case "pagerduty":
		s := pdtest.NewUnstarted(append(pdtest.Sample(base), pdtest.Generate(*generate, start, step)...), pdtest.Options{})
		handler, creds = s.Config.Handler, "API key "+pdtest.APIKey
	case "zendesk":
		s := jsontest.NewZendeskUnstarted(append(jsontest.Sample(base), jsontest.Generate(*generate, start, step)...))
		handler, creds = s.Config.Handler, fmt.Sprintf("%s / %s", jsontest.ZendeskUser, jsontest.ZendeskToken)
	default:
		log.Fatalf("-system must be servicenow, pagerduty or zendesk, got %q", *system)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s (%s; %s)\n", ln.Addr(), *system, creds)
	_ = os.Stdout.Sync()
	log.Fatal(http.Serve(ln, handler))
}
