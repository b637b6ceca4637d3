package jira

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

const reconcileChunk = 100

// Existing returns which of ids (Jira issue ids, the tickets' SourceID) still exist within the scope. An
// issue moved to another project keeps its id, so it is still there under its new key. Jira answers a JQL
// naming an unknown id with 400 "An issue with key '10007' does not exist for field 'id'.": those ids are
// dropped and the rest asked again.
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(ids); start += reconcileChunk {
		chunk := slices.Clone(ids[start:min(start+reconcileChunk, len(ids))])
		for len(chunk) > 0 {
			found, err := c.idsIn(ctx, chunk)
			if err == nil {
				for _, id := range found {
					out[id] = true
				}
				break
			}
			gone := unknownIDs(err, chunk)
			if len(gone) == 0 {
				return nil, err
			}
			chunk = slices.DeleteFunc(chunk, func(id string) bool { return slices.Contains(gone, id) })
		}
	}
	return out, nil
}

func (c *Connector) idsIn(ctx context.Context, ids []string) ([]string, error) {
	jql := c.scoped("id in (" + strings.Join(ids, ", ") + ")")
	var found []string
	collect := func(issues []Issue, _ int) error {
		for _, is := range issues {
			found = append(found, is.ID)
		}
		return nil
	}
	var err error
	if c.cfg.Flavor == Cloud {
		err = c.searchCloud(ctx, jql, []string{"id"}, collect)
	} else {
		err = c.searchDC(ctx, jql, []string{"id"}, collect)
	}
	return found, err
}

// unknownIDs are the ids among asked that a 400 answer's messages name.
func unknownIDs(err error, asked []string) []string {
	var he *httpapi.Error
	if !errors.As(err, &he) || he.Status != http.StatusBadRequest {
		return nil
	}
	var out []string
	for _, id := range asked {
		if strings.Contains(he.Detail, "'"+id+"'") {
			out = append(out, id)
		}
	}
	return out
}
