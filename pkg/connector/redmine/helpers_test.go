package redmine_test

import (
	"errors"

	"github.com/spacetime/tickets/pkg/connector/redmine"
)

func asHTTP(err error, target **redmine.HTTPError) bool       { return errors.As(err, target) }
func asBad(err error, target **redmine.BadResponseError) bool { return errors.As(err, target) }
