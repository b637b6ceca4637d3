package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
	"github.com/spacetime/tickets/pkg/connector/redmine"
)

// explain turns an error from the connector into one sentence for the user, and the status to report.
// The connector framework's errors are already such sentences, without secrets; the settings' secrets are
// redacted once more, for errors from elsewhere.
func (d *Datasource) explain(err error) (string, backend.Status) {
	system := d.settings.DisplayName()
	base := d.settings.URL
	var msg string
	status := backend.StatusBadGateway

	var ae *httpapi.Error
	var upe *redmine.UnknownProjectError
	var se settingError
	switch {
	case errors.Is(err, context.Canceled):
		msg, status = "The request was cancelled.", backend.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		msg, status = fmt.Sprintf("%s at %s did not answer in time.", system, base), backend.StatusTimeout
	case errors.As(err, &upe):
		msg, status = upe.Error(), backend.StatusNotFound
	case errors.As(err, &se):
		msg, status = se.Error(), backend.StatusBadRequest
	case errors.As(err, &ae):
		msg, status = ae.Error(), statusOf(ae.Kind)
	default:
		msg, status = fmt.Sprintf("Talking to %s at %s failed: %v.", system, base, err), backend.StatusInternal
	}
	return d.settings.Redact(msg), status
}

// settingError is a connector error whose sentence names the datasource setting to fix (Request Tracker's
// refused TicketSQL scope, a missing severity field): its own sentence is shown.
type settingError interface {
	error
	Setting() string
}

// statusOf is the status Grafana reports for a connector failure of kind k.
func statusOf(k httpapi.Kind) backend.Status {
	switch k {
	case httpapi.KindAuth:
		return backend.StatusUnauthorized
	case httpapi.KindForbidden:
		return backend.StatusForbidden
	case httpapi.KindNotFound:
		return backend.StatusNotFound
	case httpapi.KindRateLimited:
		return backend.StatusTooManyRequests
	case httpapi.KindTimeout:
		return backend.StatusTimeout
	case httpapi.KindBadRequest:
		return backend.StatusBadRequest
	}
	return backend.StatusBadGateway
}

// downstreamResponse is the DataResponse for a query that failed because of the ticket system.
func (d *Datasource) downstreamResponse(err error) backend.DataResponse {
	msg, status := d.explain(err)
	return backend.DataResponse{
		Error:       backend.DownstreamError(errors.New(msg)),
		ErrorSource: backend.ErrorSourceDownstream,
		Status:      status,
	}
}
