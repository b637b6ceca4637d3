package github_test

import (
	"errors"

	"github.com/spacetime/tickets/pkg/connector/github"
)

func asRepoError(err error, re **github.RepoError) bool { return errors.As(err, re) }
