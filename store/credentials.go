package store

import (
	"errors"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RefusedCredentials reports whether err says the database refused the user name or password (or locked the account
// after too many refusals). Such an error must not be retried: Neo4j locks an account for a while after a few
// failed logins in a row, so retrying a wrong password locks out even the right one.
func RefusedCredentials(err error) bool {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, attempt := range limit.Errors {
			if RefusedCredentials(attempt) {
				return true
			}
		}
	}
	var authErr *neo4j.InvalidAuthenticationError
	var neoErr *neo4j.Neo4jError
	return errors.As(err, &authErr) || errors.As(err, &neoErr) && neoErr.HasSecurityCode()
}
