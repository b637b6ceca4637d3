package main

import (
	"encoding/json"
	"os"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"github.com/spacetime/tickets/tests/grafanahost"
)

// datasource is a datasource as Grafana stores it.
type datasource struct {
	ID       int64             `json:"id"`
	UID      string            `json:"uid"`
	Name     string            `json:"name"`
	Type     string            `json:"type"`
	URL      string            `json:"url"`
	JSONData json.RawMessage   `json:"jsonData"`
	secure   map[string]string // decrypted secureJsonData: never served
	updated  time.Time
}

// view is the datasource as Grafana's API returns it: secrets only as "configured" flags.
func (d datasource) view() map[string]any {
	fields := map[string]bool{}
	for k, v := range d.secure {
		fields[k] = v != ""
	}
	return map[string]any{"id": d.ID, "uid": d.UID, "name": d.Name, "type": d.Type, "url": d.URL, "jsonData": d.JSONData, "secureJsonFields": fields}
}

func (d datasource) pluginContext() *pluginv2.PluginContext {
	pc := grafanahost.PluginContext(d.ID, d.UID, d.Name, d.JSONData, d.secure, d.updated)
	pc.DataSourceInstanceSettings.Url = d.URL
	return pc
}

type datasources struct {
	mu   sync.Mutex
	byID map[string]datasource
}

func (s *datasources) add(d datasource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]datasource{}
	}
	d.ID = int64(len(s.byID) + 1)
	d.updated = time.Now()
	s.byID[d.UID] = d
}

func (s *datasources) get(uid string) (datasource, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.byID[uid]
	return d, ok
}

// update applies a settings save: jsonData replaced, secureJsonData keys set (an empty value resets one).
func (s *datasources) update(uid, url string, jsonData json.RawMessage, secure map[string]string) (datasource, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.byID[uid]
	if !ok {
		return d, false
	}
	d.URL = url
	if len(jsonData) > 0 {
		d.JSONData = jsonData
	}
	merged := map[string]string{}
	for k, v := range d.secure {
		merged[k] = v
	}
	for k, v := range secure {
		if v == "" {
			delete(merged, k)
		} else {
			merged[k] = v
		}
	}
	d.secure = merged
	d.updated = time.Now() // Grafana's instance manager makes a new plugin instance when this changes
	s.byID[uid] = d
	return d, true
}

func datasourceFromEnv() datasource {
	settings := map[string]any{"url": os.Getenv("REDMINE_URL"), "system": "redmine"}
	if project := os.Getenv("REDMINE_PROJECT"); project != "" {
		settings["project"] = project
	}
	jd, _ := json.Marshal(settings)
	return datasource{
		UID: "spacetime-redmine", Name: "Spacetime Redmine", Type: grafanahost.PluginID, JSONData: jd,
		secure: map[string]string{"apiKey": os.Getenv("REDMINE_API_KEY")},
	}
}
