package jira

import (
	"context"
	"strconv"

	"github.com/spacetime/tickets/pkg/tickets"
)

type priority struct {
	Name        string `json:"name"`
	StatusColor string `json:"statusColor"`
}

// DefaultSeverities are Jira's default priorities, least severe first, in Jira's default colours.
var DefaultSeverities = []tickets.Severity{
	{Name: "Lowest", Rank: 0, Color: "#999999"},
	{Name: "Low", Rank: 1, Color: "#707070"},
	{Name: "Medium", Rank: 2, Color: "#f79232"},
	{Name: "High", Rank: 3, Color: "#f15c75"},
	{Name: "Highest", Rank: 4, Color: "#d04437"},
}

// Severities returns the site's priorities, least severe first, in the colours Jira shows them.
// Cloud pages /rest/api/3/priority/search; Data Center lists /rest/api/2/priority. Both list the most severe first.
func (c *Connector) Severities(ctx context.Context) ([]tickets.Severity, error) {
	var ps []priority
	if c.cfg.Flavor == Cloud {
		for start := 0; ; {
			var page struct {
				Values []priority `json:"values"`
				IsLast bool       `json:"isLast"`
			}
			if err := c.call(ctx, "GET", "/rest/api/3/priority/search?maxResults=100&startAt="+strconv.Itoa(start), nil, &page); err != nil {
				return nil, err
			}
			ps = append(ps, page.Values...)
			start += len(page.Values)
			if page.IsLast || len(page.Values) == 0 {
				break
			}
		}
	} else if err := c.call(ctx, "GET", "/rest/api/2/priority", nil, &ps); err != nil {
		return nil, err
	}
	out := make([]tickets.Severity, 0, len(ps))
	for i := len(ps) - 1; i >= 0; i-- {
		color := ps[i].StatusColor
		if color == "" {
			color = defaultColor(len(out), len(ps))
		}
		out = append(out, tickets.Severity{Name: ps[i].Name, Rank: len(out), Color: color})
	}
	return out, nil
}

func defaultColor(rank, n int) string {
	// Spread the n ranks over Jira's five default colours.
	i := rank * (len(DefaultSeverities) - 1) / max(n-1, 1)
	return DefaultSeverities[i].Color
}
