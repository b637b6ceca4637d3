package pdtest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"
)

var priorityColors = map[string]string{"P1": "a8171c", "P2": "eb6016", "P3": "f9b406", "P4": "0a9cde", "P5": "6c6c6c"}

func (s *Server) render(inc *Incident) map[string]any {
	iso := func(t time.Time) string { return t.In(s.loc).Format(time.RFC3339) }
	ref := func(kind, id, summary string) map[string]any {
		return map[string]any{"id": id, "type": kind + "_reference", "summary": summary,
			"self": s.URL + "/" + kind + "s/" + id, "html_url": s.opts.Web + "/" + kind + "s/" + id}
	}
	teams := []map[string]any{}
	for _, t := range inc.Teams {
		teams = append(teams, ref("team", TeamID(t), t))
	}
	assignments := []map[string]any{}
	for i, a := range inc.Assignees {
		assignments = append(assignments, map[string]any{"at": iso(inc.Updated), "assignee": ref("user", ID("PU", i+len(a)), a)})
	}
	var prio any
	if inc.Priority != "" {
		prio = map[string]any{"id": "PRIO" + inc.Priority, "type": "priority", "summary": inc.Priority, "name": inc.Priority,
			"color": priorityColors[inc.Priority], "self": s.URL + "/priorities/PRIO" + inc.Priority}
	}
	var resolved any
	last := inc.Updated
	if inc.Resolved != nil {
		resolved, last = iso(*inc.Resolved), *inc.Resolved
	}
	return map[string]any{
		"id": inc.ID, "type": "incident", "summary": fmt.Sprintf("[#%d] %s", inc.Number, inc.Title),
		"self": s.URL + "/incidents/" + inc.ID, "html_url": s.opts.Web + "/incidents/" + inc.ID,
		"incident_number": inc.Number, "title": inc.Title, "description": inc.Description,
		"created_at": iso(inc.Created), "updated_at": iso(inc.Updated),
		"status": inc.Status, "incident_key": "key-" + inc.ID, "urgency": inc.Urgency, "priority": prio,
		"service":           ref("service", inc.ServiceID, inc.Service),
		"escalation_policy": ref("escalation_policy", "PEP"+strconv.Itoa(len(inc.EscalationPolicy)), inc.EscalationPolicy),
		"teams":             teams, "assignments": assignments,
		"last_status_change_at": iso(last), "resolved_at": resolved,
		"alert_counts": map[string]int{"all": 1, "triggered": 0, "resolved": 0},
	}
}

// window reads since/until (RFC 3339 or ISO 8601); PagerDuty refuses ranges over 6 months.
func window(q url.Values) (from, to time.Time, errText string) {
	to = time.Now().Add(time.Minute)
	from = to.AddDate(0, 0, -30) // PagerDuty's default: the last 30 days
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return from, to, "Since is not a valid ISO 8601 time"
		}
		from = t
	}
	if v := q.Get("until"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return from, to, "Until is not a valid ISO 8601 time"
		}
		to = t
	}
	if to.Sub(from) > 183*24*time.Hour {
		return from, to, "Date range must be at most 6 months"
	}
	return from, to, ""
}

func paging(q url.Values, def int) (limit, offset int) {
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = def
	}
	offset, _ = strconv.Atoi(q.Get("offset"))
	return min(limit, 100), offset
}

// listing reads a listing's range and paging as PagerDuty checks them; false when it answered a 400.
func (s *Server) listing(w http.ResponseWriter, q url.Values) (from, to time.Time, limit, offset int, ok bool) {
	from, to, bad := window(q)
	if q.Get("date_range") == "all" {
		from, to, bad = time.Time{}, time.Now().Add(time.Hour), ""
	}
	if bad != "" {
		writeError(w, http.StatusBadRequest, "Invalid Input Provided", 2001, bad)
		return from, to, 0, 0, false
	}
	limit, offset = paging(q, 25)
	if offset+limit > s.opts.OffsetCap {
		writeError(w, http.StatusBadRequest, "Invalid Input Provided", 2001, fmt.Sprintf("Offset + limit must be at most %d: narrow the date range", s.opts.OffsetCap))
		return from, to, 0, 0, false
	}
	return from, to, limit, offset, true
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) int {
	q := r.URL.Query()
	from, to, limit, offset, ok := s.listing(w, q)
	if !ok {
		return http.StatusBadRequest
	}
	statuses, services, teams := q["statuses[]"], q["service_ids[]"], q["team_ids[]"]
	s.mu.Lock()
	var matched []map[string]any
	var created []time.Time
	var all []*Incident
	for _, inc := range s.incidents {
		if inc.Created.Before(from) || !inc.Created.Before(to) ||
			(len(statuses) > 0 && !slices.Contains(statuses, inc.Status)) ||
			(len(services) > 0 && !slices.Contains(services, inc.ServiceID)) {
			continue
		}
		if len(teams) > 0 && !slices.ContainsFunc(inc.Teams, func(t string) bool { return slices.Contains(teams, TeamID(t)) }) {
			continue
		}
		all = append(all, inc)
	}
	desc := q.Get("sort_by") == "created_at:desc"
	sort.SliceStable(all, func(i, j int) bool {
		if desc {
			return all[i].Created.After(all[j].Created)
		}
		return all[i].Created.Before(all[j].Created)
	})
	for _, inc := range all[min(offset, len(all)):min(offset+limit, len(all))] {
		matched = append(matched, s.render(inc))
		created = append(created, inc.Created)
	}
	s.mu.Unlock()
	if matched == nil {
		matched = []map[string]any{}
	}
	var total any
	if q.Get("total") == "true" {
		total = len(all)
	}
	writeJSON(w, map[string]any{"incidents": matched, "limit": limit, "offset": offset, "more": offset+limit < len(all), "total": total})
	return http.StatusOK
}

func (s *Server) one(w http.ResponseWriter, id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inc := range s.incidents {
		if inc.ID == id {
			writeJSON(w, map[string]any{"incident": s.render(inc)})
			return http.StatusOK
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", 2100)
	return http.StatusNotFound
}

// logEntries lists log entries in [since, until), newest first; include[]=incidents embeds each incident.
func (s *Server) logEntries(w http.ResponseWriter, r *http.Request) int {
	q := r.URL.Query()
	from, to, limit, offset, ok := s.listing(w, q)
	if !ok {
		return http.StatusBadRequest
	}
	embed := slices.Contains(q["include[]"], "incidents")
	s.mu.Lock()
	var entries []logEntry
	for _, e := range s.log {
		if !e.at.Before(from) && e.at.Before(to) {
			entries = append(entries, e)
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].at.After(entries[j].at) })
	byID := map[string]*Incident{}
	for _, inc := range s.incidents {
		byID[inc.ID] = inc
	}
	out := []map[string]any{}
	for _, e := range entries[min(offset, len(entries)):min(offset+limit, len(entries))] {
		var incident any = map[string]any{"id": e.incident, "type": "incident_reference", "self": s.URL + "/incidents/" + e.incident}
		if inc := byID[e.incident]; inc != nil && embed {
			incident = s.render(inc)
		}
		out = append(out, map[string]any{"id": e.id, "type": e.kind, "summary": e.kind, "created_at": e.at.Format(time.RFC3339), "incident": incident})
	}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"log_entries": out, "limit": limit, "offset": offset, "more": offset+limit < len(entries), "total": nil})
	return http.StatusOK
}

func (s *Server) priorities(w http.ResponseWriter) int {
	out := []map[string]any{}
	if !s.opts.NoPriorities {
		for i, name := range []string{"P1", "P2", "P3", "P4", "P5"} {
			out = append(out, map[string]any{"id": "PRIO" + name, "type": "priority", "summary": name, "name": name,
				"description": "", "order": 500 - 100*i, "color": priorityColors[name]})
		}
	}
	writeJSON(w, map[string]any{"priorities": out, "limit": 25, "offset": 0, "more": false, "total": nil})
	return http.StatusOK
}
