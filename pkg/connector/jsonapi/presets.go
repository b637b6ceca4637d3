package jsonapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
)

//go:embed presets/*.json
var presetFiles embed.FS

// Preset is a ready Spec for a known API shape: data, not code (presets/*.json; the config editor offers
// them through the presets resource).
type Preset struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// URL is the form of the API's URL setting.
	URL  string `json:"url"`
	Spec Spec   `json:"spec"`
}

// Presets returns the presets, by id.
func Presets() ([]Preset, error) {
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		return nil, err
	}
	var out []Preset
	for _, e := range entries {
		raw, err := presetFiles.ReadFile(path.Join("presets", e.Name()))
		if err != nil {
			return nil, err
		}
		var p Preset
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("preset %s: %w", e.Name(), err)
		}
		p.ID = strings.TrimSuffix(e.Name(), ".json")
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
