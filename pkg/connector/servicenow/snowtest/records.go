package snowtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"time"
)

// Record is one incident (or task) as the replayed instance stores it; references hold display names.
type Record struct {
	SysID, Number                    string
	ShortDescription, Description    string
	Priority, State                  int
	Category, Subcategory            string
	AssignmentGroup, BusinessService string
	CI, Location, AssignedTo         string
	Active                           bool
	Opened, Updated                  time.Time
	Resolved, Closed                 *time.Time
}

// UTC is ServiceNow's stored form of a time: "2006-01-02 15:04:05" in UTC.
const layout = "2006-01-02 15:04:05"

// SysID is a record's 32-hex sys_id, derived from a seed so tests can name it.
func SysID(seed string) string {
	h := sha1.Sum([]byte(seed))
	return hex.EncodeToString(h[:16])
}

// Sample returns five incidents around base with every mapped field set, states 1, 2, 6, 7 and 8:
//   - INC0010001 P1 New, Network / DNS, Service Desk, "Email", ci mail01, London;
//   - INC0010002 P2 In Progress, Software, Database, "Checkout", ci db-eu-1, Frankfurt;
//   - INC0010003 P3 Resolved (resolved 2 h after opening), Hardware, Service Desk, "Checkout";
//   - INC0010004 P4 Closed (resolved and closed), Inquiry, no group, no service;
//   - INC0010005 P5 Canceled, Software, Database, "Payments".
func Sample(base time.Time) []*Record {
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour).UTC() }
	ptr := func(t time.Time) *time.Time { return &t }
	return []*Record{
		{SysID: SysID("INC0010001"), Number: "INC0010001", ShortDescription: "Email is down for London", Description: "Users cannot send mail.",
			Priority: 1, State: 1, Category: "network", Subcategory: "dns", AssignmentGroup: "Service Desk", BusinessService: "Email",
			CI: "mail01", Location: "London", AssignedTo: "Beth Anglin", Active: true, Opened: at(0), Updated: at(1)},
		{SysID: SysID("INC0010002"), Number: "INC0010002", ShortDescription: "Checkout slow in EU", Priority: 2, State: 2,
			Category: "software", Subcategory: "database", AssignmentGroup: "Database", BusinessService: "Checkout", CI: "db-eu-1",
			Location: "Frankfurt", AssignedTo: "David Loo", Active: true, Opened: at(1), Updated: at(2)},
		{SysID: SysID("INC0010003"), Number: "INC0010003", ShortDescription: "Card reader broken", Priority: 3, State: 6,
			Category: "hardware", AssignmentGroup: "Service Desk", BusinessService: "Checkout", Location: "London",
			Opened: at(2), Updated: at(4), Resolved: ptr(at(4))},
		{SysID: SysID("INC0010004"), Number: "INC0010004", ShortDescription: "How do I reset my password?", Priority: 4, State: 7,
			Category: "inquiry", Opened: at(3), Updated: at(6), Resolved: ptr(at(5)), Closed: ptr(at(6))},
		{SysID: SysID("INC0010005"), Number: "INC0010005", ShortDescription: "Duplicate of INC0010002", Priority: 5, State: 8,
			Category: "software", AssignmentGroup: "Database", BusinessService: "Payments", Opened: at(4), Updated: at(5)},
	}
}

var (
	groups   = []string{"Service Desk", "Database", "Network", "Hardware"}
	services = []string{"Email", "Checkout", "Payments", "Search", "VPN"}
	cats     = []string{"software", "hardware", "network", "inquiry"}
	states   = []int{1, 2, 3, 6, 7, 8}
)

// Generate returns n incidents INC0020000… opened every step from start, updated a minute after opening.
func Generate(n int, start time.Time, step time.Duration) []*Record {
	out := make([]*Record, n)
	for i := range out {
		opened := start.Add(time.Duration(i) * step).UTC().Truncate(time.Second)
		num := fmt.Sprintf("INC%07d", 20000+i)
		r := &Record{SysID: SysID(num), Number: num, ShortDescription: "Generated incident " + num,
			Priority: 1 + i%5, State: states[i%len(states)], Category: cats[i%len(cats)], AssignmentGroup: groups[i%len(groups)],
			BusinessService: services[i%len(services)], CI: fmt.Sprintf("ci-%02d", i%17), Location: "Site " + string(rune('A'+i%3)),
			Opened: opened, Updated: opened.Add(time.Minute)}
		if r.State >= 6 {
			res := opened.Add(30 * time.Minute)
			r.Resolved = &res
		}
		r.Active = r.State < 6
		out[i] = r
	}
	return out
}
