package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector/redmine"
)

// explain turns an error from the Redmine connector into one sentence for the user, and the status to report.
// The API key never appears in the result.
func (d *Datasource) explain(err error) (string, backend.Status) {
	if msg, status, ok := frameworkError(err); ok {
		return d.settings.Redact(msg), status
	}
	base := d.settings.URL
	var msg string
	status := backend.StatusBadGateway

	var he *redmine.HTTPError
	var ue *redmine.UnreachableError
	var be *redmine.BadResponseError
	var upe *redmine.UnknownProjectError
	switch {
	case errors.Is(err, context.Canceled):
		msg, status = "The request was cancelled.", backend.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		msg, status = fmt.Sprintf("%s at %s did not answer in time.", d.settings.DisplayName(), base), backend.StatusTimeout
	case errors.As(err, &ue):
		msg = fmt.Sprintf("Cannot reach Redmine at %s: %s.", base, redmine.DescribeNetError(ue.Err))
	case errors.As(err, &upe):
		msg, status = fmt.Sprintf("Redmine has no project %q visible to this API key: check the Project setting.", upe.Project), backend.StatusNotFound
	case errors.As(err, &he):
		switch he.StatusCode {
		case http.StatusUnauthorized:
			msg, status = "Redmine rejected the API key (401): check the API key in the datasource settings.", backend.StatusUnauthorized
		case http.StatusForbidden:
			may := "may view issues"
			if p := d.settings.Project; p != "" {
				// Redmine also answers 403 for a private project the key's user is not a member of.
				may = fmt.Sprintf("may view issues of project %q (the Project setting)", p)
			}
			msg, status = "Redmine refused the API request (403): enable the REST API in Redmine under Administration → Settings → API (\"Enable REST web service\") and check that the API key's user "+may+".", backend.StatusForbidden
		case http.StatusNotFound:
			msg, status = fmt.Sprintf("Redmine at %s answered 404 Not Found for %s: check that the URL is Redmine's root URL, including any sub-path.", base, he.Path), backend.StatusNotFound
		case http.StatusTooManyRequests:
			msg, status = fmt.Sprintf("Redmine at %s is rate limiting requests (429): try again later.", base), backend.StatusTooManyRequests
		default:
			msg = fmt.Sprintf("Redmine at %s answered %s.", base, he.Describe())
		}
	case errors.As(err, &be):
		msg = fmt.Sprintf("The server at %s did not answer like Redmine (%s): check the URL.", base, be.Error())
	default:
		msg, status = fmt.Sprintf("Talking to %s at %s failed: %v.", d.settings.DisplayName(), base, err), backend.StatusInternal
	}
	return d.settings.Redact(msg), status
}

// downstreamResponse is the DataResponse for a query that failed because of Redmine.
func (d *Datasource) downstreamResponse(err error) backend.DataResponse {
	msg, status := d.explain(err)
	return backend.DataResponse{
		Error:       backend.DownstreamError(errors.New(msg)),
		ErrorSource: backend.ErrorSourceDownstream,
		Status:      status,
	}
}
