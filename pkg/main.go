// Command gpx_spacetime_tickets is the backend of the spacetime-tickets-datasource plugin. Grafana starts it as a
// subprocess and talks to it over gRPC (hashicorp/go-plugin).
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/spacetime/tickets/pkg/plugin"
)

func main() {
	// Manage serves the plugin until Grafana stops it. It creates one plugin.Datasource per configured
	// datasource (instance management) and replaces it when the datasource's settings change.
	if err := datasource.Manage(plugin.PluginID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
