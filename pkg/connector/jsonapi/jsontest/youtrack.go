package jsontest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/spacetime/tickets/pkg/connector/replay"
)

// YouTrack is a replayed YouTrack: GET /api/issues?fields=…&query=updated: A .. B&$skip&$top answers an
// array of issues with epoch-millisecond times and customFields as [{name, value: {name}}].
type YouTrack struct {
	*httptest.Server
	replay.Faults
	tickets []*Ticket
}

// NewYouTrack starts a replayed YouTrack.
func NewYouTrack(t testing.TB, tickets []*Ticket) *YouTrack {
	s := &YouTrack{tickets: tickets}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

var updatedRange = regexp.MustCompile(`updated:\s*(\S+)\s*\.\.\s*(\S+)`)

func (s *YouTrack) serve(w http.ResponseWriter, r *http.Request) {
	vendor := replay.Vendor{Error: func(w http.ResponseWriter, status int, message string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "bad_request", "error_description": message})
	}, HTML: "<html>Hub login</html>", Truncated: `[{"idReadable":"OPS-1","summ`}
	if f, ok := s.Take(r.URL.Path); ok {
		f.Write(w, vendor)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+Token {
		vendor.Error(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	q := r.URL.Query()
	m := updatedRange.FindStringSubmatch(q.Get("query"))
	if m == nil {
		vendor.Error(w, http.StatusBadRequest, "query must filter by updated")
		return
	}
	from, err1 := time.ParseInLocation("2006-01-02T15:04", m[1], time.UTC)
	to, err2 := time.ParseInLocation("2006-01-02T15:04", m[2], time.UTC)
	if m[2] == "Today" { // YouTrack's keyword: to the end of today
		to, err2 = time.Now().UTC().Truncate(24*time.Hour).Add(24*time.Hour-time.Minute), nil
	}
	if err1 != nil || err2 != nil {
		vendor.Error(w, http.StatusBadRequest, "Can't parse date "+m[1])
		return
	}
	var list []*Ticket
	for _, t := range s.tickets {
		// YouTrack's range is inclusive to the minute.
		if !t.Deleted && !t.Updated.Before(from) && t.Updated.Before(to.Add(time.Minute)) {
			list = append(list, t)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	skip, _ := strconv.Atoi(q.Get("$skip"))
	top, err := strconv.Atoi(q.Get("$top"))
	if err != nil || top <= 0 {
		top = 42 // YouTrack's default page
	}
	out := []map[string]any{}
	for _, t := range list[min(skip, len(list)):min(skip+top, len(list))] {
		field := func(name, v string) map[string]any {
			var value any
			if v != "" {
				value = map[string]string{"name": v, "$type": "EnumBundleElement"}
			}
			return map[string]any{"name": name, "value": value, "$type": "SingleEnumIssueCustomField"}
		}
		state := "Open"
		var resolved any
		if t.Closed != nil {
			state, resolved = "Fixed", t.Closed.UnixMilli()
		}
		tags := []map[string]string{}
		for _, tg := range t.Tags {
			tags = append(tags, map[string]string{"name": tg, "$type": "Tag"})
		}
		out = append(out, map[string]any{"idReadable": "OPS-" + strconv.Itoa(t.ID), "summary": t.Subject, "description": t.Body,
			"created": t.Created.UnixMilli(), "updated": t.Updated.UnixMilli(), "resolved": resolved,
			"project": map[string]string{"shortName": "OPS", "$type": "Project"}, "tags": tags,
			"customFields": []map[string]any{field("Priority", map[string]string{"low": "Minor", "normal": "Normal", "high": "Major", "urgent": "Critical"}[t.Severity]),
				field("State", state), field("Subsystem", t.Team), field("Assignee", "")},
			"$type": "Issue"})
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(out)
}
