package jira_test

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/connectortest"
	"github.com/spacetime/tickets/pkg/connector/jira"
	"github.com/spacetime/tickets/pkg/connector/jira/jiratest"
	"github.com/spacetime/tickets/pkg/store"
)

// record is what a user checks of a ticket.
type record struct {
	key, title, status, severity, state, labels, components, service string
	opened, updated, resolved                                        int64
}

// truth is the replayed site's issues as records, by Jira id.
func truth(s *jiratest.Server) map[string]record {
	out := map[string]record{}
	for _, is := range s.Issues() {
		r := record{key: is.Key, title: is.Summary, status: is.Status, severity: is.Priority, state: "open",
			labels: sortedJoin(is.Labels), components: sortedJoin(is.Components),
			opened: is.Created.UnixMilli(), updated: is.Updated.UnixMilli()}
		if is.StatusCategory == "done" {
			r.state, r.resolved = "closed", is.Resolution.UnixMilli()
		}
		if v, ok := is.Custom[jiratest.FieldService].(map[string]any); ok {
			r.service, _ = v["value"].(string)
		}
		out[strconv.FormatInt(is.ID, 10)] = r
	}
	return out
}

func sortedJoin(v []string) string {
	v = slices.Clone(v)
	slices.Sort(v)
	return strings.Join(v, ",")
}

// stored is the store's tickets as records, by Jira's id (the tickets' Number and identity).
func stored(st *store.Store) map[string]record {
	out := map[string]record{}
	st.Read(func(v *store.View) {
		titles, _ := v.Text(store.KeyTitle)
		dim := func(key string, i int) string {
			if c := v.Category(key); c != nil {
				return sortedJoin(c.RowValues(i))
			}
			return ""
		}
		for i := range v.Len() {
			out[strconv.FormatInt(v.Numbers()[i], 10)] = record{key: v.ID(i), title: titles.At(i), status: dim(store.KeyStatus, i), severity: dim(store.KeySeverity, i),
				state: dim(store.KeyState, i), labels: dim(jira.DimLabels, i), components: dim(jira.DimComponents, i),
				service: dim("service", i), opened: v.Times(store.KeyOpened)[i], updated: v.Times(store.KeyUpdated)[i],
				resolved: v.Times(store.KeyResolved)[i]}
		}
	})
	return out
}

// TestSyncThroughFaults syncs each replayed Jira through the fault-injecting proxy: at 30 % faults (500,
// 503, 429 with Retry-After: 1, truncated JSON, an HTML page, a dropped connection, a stall) the backfill and
// the polls complete and the store equals the site; at 100 % the stale-data notice appears and nothing
// loaded is lost; then the sync recovers.
func TestSyncThroughFaults(t *testing.T) {
	for _, flavor := range []jiratest.Flavor{jiratest.Cloud, jiratest.DataCenter} {
		name := map[jiratest.Flavor]string{jiratest.Cloud: "cloud", jiratest.DataCenter: "data center"}[flavor]
		t.Run(name, func(t *testing.T) {
			now := time.Now()
			site := jiratest.New(t, flavor, jiratest.GenerateIssues(400, now.Add(-3*24*time.Hour), 10*time.Minute), jiratest.Options{PageCap: 50, TimeZone: "Asia/Kolkata"})
			proxy, front := connectortest.Faulty(t, site, 12)

			cfg := jira.Config{Flavor: jira.Cloud, Site: front, Auth: jira.Auth{User: jiratest.Email, Secret: jiratest.APIToken},
				CustomFields: []jira.CustomField{{ID: jiratest.FieldService, Key: "service", Name: "Service"}},
				Tune:         connectortest.QuickRetry(6)}
			if flavor == jiratest.DataCenter {
				cfg.Flavor, cfg.Auth = jira.DataCenter, jira.Auth{Bearer: true, Secret: jiratest.PAT}
			}
			s, st := connectortest.Sync(t, jira.New(cfg), cfg.Flavor.Name(), proxy)
			if got, want := stored(st), truth(site); !maps.Equal(got, want) {
				t.Fatalf("after the backfill the store has %d tickets, the site %d, or they differ", len(got), len(want))
			}

			// Edits and a new issue come with the polls, still at 30 % faults.
			at := time.Now()
			site.Update("GEN-7", at, func(is *jiratest.Issue) {
				is.Summary, is.Status, is.StatusCategory, is.Resolution = "GEN-7 fixed", "Done", "done", &at
			})
			site.Update("GEN-8", at, func(is *jiratest.Issue) { is.Status, is.StatusCategory, is.Resolution = "Reopened", "new", nil })
			site.Add(&jiratest.Issue{ID: 30001, Key: "GEN-401", ProjectKey: "GEN", ProjectName: "Generated", Summary: "new during the poll",
				Priority: "High", Status: "Open", StatusCategory: "new", IssueType: "Bug", Labels: []string{"late"}, Created: at, Updated: at})
			polls := s.Status().Polls
			connectortest.Eventually(t, "two polls after the edits", time.Minute, func() bool { return s.Status().Polls >= polls+2 })
			if got, want := stored(st), truth(site); !maps.Equal(got, want) {
				t.Fatalf("after the polls the store differs from the site: GEN-7 %+v / %+v", got["20007"], want["20007"])
			}
			t.Logf("%s at 30 %% faults: %v", name, proxy.Stats())

			// A deleted issue leaves the store at the next reconciliation; a moved one stays, under its new key.
			site.Delete("GEN-9")
			moved := site.Move("GEN-10", "OPS", "Operations", time.Now())
			if err := s.Reconcile(context.Background()); err != nil {
				t.Fatalf("reconcile at 30 %% faults: %v", err)
			}
			if _, ok := stored(st)["20009"]; ok {
				t.Fatalf("the deleted GEN-9 is still in the store")
			}
			connectortest.Eventually(t, "the moved issue under its new key", time.Minute, func() bool { return stored(st)["20010"].key == moved })

			connectortest.RidesOutAnOutage(t, s, proxy, func() map[string]record { return stored(st) })
		})
	}
}
