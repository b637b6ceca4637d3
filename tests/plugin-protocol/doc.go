// Package pluginprotocol drives the built backend executable over Grafana's plugin protocol, the way Grafana
// starts backend plugins: a hashicorp/go-plugin client with Grafana's handshake (protocol version 2, magic
// cookie grafana_plugin_type=datasource), gRPC only, and the SDK's pluginv2 Diagnostics, Data and Resource
// clients. It talks to a live Redmine, and to replayed Jira Cloud and Jira Data Center sites
// (pkg/connector/jira/jiratest, started in-process: jira_test.go needs no environment).
//
// The tests are behind the "integration" build tag:
//
//	go run github.com/magefile/mage@v1.15.0 -v buildLinux
//	scripts/redmine/redmine.sh up && set -a && . .cache/redmine/env && set +a
//	go test -tags integration -count=1 -v ./tests/plugin-protocol/
//
// REDMINE_PROJECT (ops in .cache/redmine/env), when set, is the datasources' Project setting, and the tests
// compare the plugin's answers with that project's issues; unset, with every project's.
// SPACETIME_PLUGIN_EXE overrides the executable (default dist/datasource/gpx_spacetime_tickets_linux_amd64).
package pluginprotocol
