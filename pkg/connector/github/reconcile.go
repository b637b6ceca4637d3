package github

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// Existing asks GitHub for each issue (ids are owner/repo#number, the tickets' identity) whether it is still
// there: 410 means deleted, 404 no longer visible (deleted with its repository, or the token lost access),
// and a 301 (followed by the client: it points to /repositories/{id}/issues/{number}) means transferred, or
// the repository renamed: the issue now has another id, which polls of that repository bring in.
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		repo, num, ok := splitID(id)
		if !ok {
			continue
		}
		var is Issue
		_, err := c.http.Do(ctx, httpapi.Request{Path: "/repos/" + repoPath(repo) + "/issues/" + strconv.FormatInt(num, 10)}, &is)
		switch httpapi.StatusOf(err) {
		case 0:
			if err != nil {
				return nil, err
			}
			out[id] = strings.EqualFold(is.Repository(), repo) && !is.IsPullRequest()
		case http.StatusGone, http.StatusNotFound, http.StatusMovedPermanently: // a 301 elsewhere is not followed
			out[id] = false
		default:
			return nil, err
		}
	}
	return out, nil
}

// splitID reads owner/repo#number.
func splitID(id string) (repo string, number int64, ok bool) {
	i := strings.LastIndexByte(id, '#')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(id[i+1:], 10, 64)
	return id[:i], n, err == nil && strings.Contains(id[:i], "/")
}
