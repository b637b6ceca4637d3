package gitlab_test

import (
	"errors"

	"github.com/spacetime/tickets/pkg/connector/gitlab"
)

func asSourceError(err error, se **gitlab.SourceError) bool { return errors.As(err, se) }
