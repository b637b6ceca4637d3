package snowtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

var stateNames = map[int]string{1: "New", 2: "In Progress", 3: "On Hold", 6: "Resolved", 7: "Closed", 8: "Canceled"}
var priorityNames = map[int]string{1: "1 - Critical", 2: "2 - High", 3: "3 - Moderate", 4: "4 - Low", 5: "5 - Planning"}

// references are the reference fields and the table each points to.
var references = map[string]string{"assignment_group": "sys_user_group", "business_service": "cmdb_ci_service",
	"cmdb_ci": "cmdb_ci", "location": "cmn_location", "assigned_to": "sys_user"}

// value is a record's field: stored (display=false; times UTC) or as displayed (times in loc). A reference
// field's stored value is the referenced record's sys_id; "<field>.name" dot-walks to its name.
func (r *Record) value(field string, display bool, loc *time.Location) (string, bool) {
	tm := func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return ""
		}
		if display {
			return t.In(loc).Format(layout)
		}
		return t.UTC().Format(layout)
	}
	name := func(n string) string {
		if n == "" || display {
			return n
		}
		return SysID("ref:" + n)
	}
	switch field {
	case "sys_id":
		return r.SysID, true
	case "number":
		return r.Number, true
	case "short_description":
		return r.ShortDescription, true
	case "description":
		return r.Description, true
	case "priority":
		if display {
			return priorityNames[r.Priority], true
		}
		return strconv.Itoa(r.Priority), true
	case "state":
		if display {
			return stateNames[r.State], true
		}
		return strconv.Itoa(r.State), true
	case "category":
		return r.Category, true
	case "subcategory":
		return r.Subcategory, true
	case "active":
		return strconv.FormatBool(r.Active), true
	case "opened_at", "sys_created_on":
		return tm(&r.Opened), true
	case "sys_updated_on":
		return tm(&r.Updated), true
	case "resolved_at":
		return tm(r.Resolved), true
	case "closed_at":
		return tm(r.Closed), true
	}
	refs := map[string]string{"assignment_group": r.AssignmentGroup, "business_service": r.BusinessService,
		"cmdb_ci": r.CI, "location": r.Location, "assigned_to": r.AssignedTo}
	if n, ok := refs[field]; ok {
		return name(n), true
	}
	if base, ok := strings.CutSuffix(field, ".name"); ok {
		if n, ok := refs[base]; ok {
			return n, true
		}
	}
	return "", false
}

var allFields = []string{"sys_id", "number", "short_description", "description", "priority", "state", "category",
	"subcategory", "active", "opened_at", "sys_created_on", "sys_updated_on", "resolved_at", "closed_at",
	"assignment_group", "business_service", "cmdb_ci", "location", "assigned_to"}

func (s *Server) table(w http.ResponseWriter, r *http.Request) int {
	q := r.URL.Query()
	display := q.Get("sysparm_display_value") == "true"
	noLinks := q.Get("sysparm_exclude_reference_link") == "true"
	query, err := parseQuery(q.Get("sysparm_query"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "Invalid query", err.Error())
		return http.StatusBadRequest
	}
	s.mu.Lock()
	var matched []*Record
	for _, rec := range s.records {
		// Comparisons read stored values (UTC), as ServiceNow's do.
		ok, err := query.match(func(f string) (string, bool) { return rec.value(f, false, s.loc) })
		if err != nil {
			// With glide.invalid_query.returns_no_rows (recommended), an unknown field matches nothing.
			ok = false
		}
		if ok {
			cp := *rec
			matched = append(matched, &cp)
		}
	}
	s.mu.Unlock()
	sort.SliceStable(matched, func(i, j int) bool {
		for _, o := range query.order {
			a, _ := matched[i].value(o.field, false, s.loc)
			b, _ := matched[j].value(o.field, false, s.loc)
			if c := compare(a, b); c != 0 {
				return (c < 0) != o.desc
			}
		}
		return false
	})
	limit, err := strconv.Atoi(q.Get("sysparm_limit"))
	if err != nil || limit <= 0 {
		limit = 10000
	}
	limit = min(limit, s.opts.PageCap)
	offset, _ := strconv.Atoi(q.Get("sysparm_offset"))
	total := len(matched)
	page := matched[min(offset, total):min(offset+limit, total)]

	fields := allFields
	if f := q.Get("sysparm_fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	out := make([]map[string]any, 0, len(page))
	for _, rec := range page {
		row := map[string]any{}
		for _, f := range fields {
			v, known := rec.value(f, display, s.loc)
			if !known {
				continue // ServiceNow leaves out fields the table does not have
			}
			if ref, isRef := references[f]; isRef && !noLinks && !display && v != "" {
				row[f] = map[string]string{"link": s.URL + "/api/now/table/" + ref + "/" + v, "value": v}
				continue
			}
			row[f] = v
		}
		out = append(out, row)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	s.links(w, r.URL, offset, limit, total)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"result": out})
	return http.StatusOK
}

// links writes the Link header ServiceNow sends: first, prev, next and last by sysparm_offset.
func (s *Server) links(w http.ResponseWriter, u *url.URL, offset, limit, total int) {
	at := func(off int, rel string) string {
		q := u.Query()
		q.Set("sysparm_offset", strconv.Itoa(off))
		q.Set("sysparm_limit", strconv.Itoa(limit))
		return fmt.Sprintf(`<%s%s?%s>;rel="%s"`, s.URL, u.Path, q.Encode(), rel)
	}
	parts := []string{at(0, "first")}
	if offset > 0 {
		parts = append(parts, at(max(offset-limit, 0), "prev"))
	}
	if offset+limit < total {
		parts = append(parts, at(offset+limit, "next"))
	}
	parts = append(parts, at(max((total-1)/limit*limit, 0), "last"))
	w.Header().Set("Link", strings.Join(parts, ","))
}

func (s *Server) auditTable(w http.ResponseWriter, r *http.Request) int {
	q := r.URL.Query()
	query, err := parseQuery(q.Get("sysparm_query"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "Invalid query", err.Error())
		return http.StatusBadRequest
	}
	limit, err := strconv.Atoi(q.Get("sysparm_limit"))
	if err != nil || limit <= 0 {
		limit = 10000
	}
	s.mu.Lock()
	var out []map[string]string
	for _, a := range s.audit {
		get := func(f string) (string, bool) {
			switch f {
			case "sys_id":
				return a.sysID, true
			case "tablename":
				return a.table, true
			case "documentkey":
				return a.key, true
			case "sys_created_on":
				return a.at.Format(layout), true
			}
			return "", false
		}
		if ok, err := query.match(get); err == nil && ok && len(out) < limit {
			out = append(out, map[string]string{"sys_id": a.sysID, "tablename": a.table, "documentkey": a.key, "sys_created_on": a.at.Format(layout)})
		}
	}
	s.mu.Unlock()
	if out == nil {
		out = []map[string]string{}
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"result": out})
	return http.StatusOK
}
