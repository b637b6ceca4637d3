package gitlab

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Existing asks GitLab for each issue (ids are full references, group/project#iid) whether it is still
// there: 404 means deleted, or no longer visible to the token. A moved issue stays, closed, where it was
// (GitLab closes the original and opens a new one in the target project, which polls bring in).
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		project, iid, ok := strings.Cut(id, "#")
		if !ok || project == "" || iid == "" {
			continue
		}
		_, err := c.http.Do(ctx, httpapi.Request{Path: "/projects/" + url.PathEscape(project) + "/issues/" + url.PathEscape(iid)}, nil)
		switch {
		case err == nil:
			out[id] = true
		case httpapi.StatusOf(err) == http.StatusNotFound:
			out[id] = false
		default:
			return nil, err
		}
	}
	return out, nil
}
