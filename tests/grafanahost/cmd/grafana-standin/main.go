// Command grafana-standin serves the parts of Grafana's HTTP API a datasource's frontend calls, backed by the
// real plugin executable over Grafana's plugin protocol: /api/ds/query, datasource health, resources and
// settings. Everything else is proxied to the sandbox page server, so a browser sees one Grafana-like origin.
//
//	go run ./tests/grafanahost/cmd/grafana-standin -exe dist/datasource/gpx_spacetime_tickets_linux_amd64 \
//	    -listen 127.0.0.1:3200 -sandbox http://127.0.0.1:3100
//
// The datasource (uid spacetime-redmine) is configured from REDMINE_URL, REDMINE_API_KEY and, when set,
// REDMINE_PROJECT (its Project setting), or with -empty starts unconfigured.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/spacetime/tickets/tests/grafanahost"
)

func main() {
	exe := flag.String("exe", "dist/datasource/gpx_spacetime_tickets_linux_amd64", "plugin executable")
	listen := flag.String("listen", "127.0.0.1:3200", "address to serve on (keep it on 127.0.0.1)")
	sandbox := flag.String("sandbox", "http://127.0.0.1:3100", "sandbox page server to proxy other paths to")
	empty := flag.Bool("empty", false, "start with the datasource unconfigured (no URL, no API key), as a new one in Grafana")
	flag.Parse()

	host, err := grafanahost.Start(*exe, os.Stderr)
	if err != nil {
		log.Fatal(err)
	}
	defer host.Kill()
	defer log.Print("grafana-standin: stopping the plugin")

	api := newAPI(host)
	ds := datasourceFromEnv()
	if *empty {
		ds.JSONData, ds.secure = []byte(`{}`), map[string]string{}
	}
	api.datasources.add(ds)

	target, err := url.Parse(*sandbox)
	if err != nil {
		log.Fatalf("-sandbox: %v", err)
	}
	mux := http.NewServeMux()
	api.routes(mux)
	mux.Handle("/", httputil.NewSingleHostReverseProxy(target))

	// Stop the plugin process with the server: Grafana kills its plugins when it stops.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: *listen, Handler: mux}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	log.Printf("grafana-standin on http://%s (plugin %s, sandbox %s)", *listen, *exe, *sandbox)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Print(err)
	}
}
