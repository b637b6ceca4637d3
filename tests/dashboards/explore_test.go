//go:build integration

package dashboards

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func TestExploreContrast(t *testing.T) {
	g := generate(t, "--hours", "96", "--volume", "1", "--end", "2026-11-22T16:00:00Z")
	p := engineRunner{s: g.store()}
	for _, base := range []string{"previous", "seasonal"} {
		for _, sel := range []time.Duration{30 * time.Minute, 6 * time.Hour} {
			for _, m := range []int{5, 10, 30} {
				at := g.Outage.From.Add(time.Duration(m) * time.Minute)
				model, _ := json.Marshal(map[string]any{"queryType": "contrast", "baseline": base, "minScore": 0, "minLift": 0, "topN": 6})
				a := p.run(t, query{RefID: "A", JSON: model, From: at.Add(-sel), To: at})["A"]
				f := a.Frames[0]
				line := ""
				for i := range f.Rows() {
					sc, _ := f.FieldByName("score")
					l, _ := f.FieldByName("lift")
					line += fmt.Sprintf(" | %s %.1f ×%.1f", f.Fields[0].At(i), sc.At(i), l.At(i))
				}
				t.Logf("%s sel %s m=%d:%s", base, sel, m, line)
			}
		}
	}
}
