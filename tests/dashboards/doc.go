// Package dashboards checks the provisioned dashboards and alert rules against the built backend executable
// and a live Redmine seeded with the outage scenario (Redmine project "shop"): every Spacetime panel query
// returns the frame shape its panel type draws, and the alert rules fire on the outage and not in the quiet
// hours before it. Grafana's alert evaluation is stood in for by expressions.go: Grafana's conversion of
// frames to labelled numbers and the math and threshold expressions the rules use.
//
// The tests are behind the "integration" build tag:
//
//	npm run build:backend
//	scripts/redmine/redmine.sh up && scripts/redmine/redmine.sh seed-scenario
//	set -a; . .cache/redmine/env; set +a
//	go test -tags integration -count=1 -v ./tests/dashboards/
//
// SPACETIME_PLUGIN_EXE overrides the executable; SPACETIME_SCENARIO the scenario summary
// (default .cache/redmine/shop-scenario.json).
package dashboards
