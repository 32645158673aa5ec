// Package store keeps the knowledge graph in Neo4j. It holds every Cypher statement and every use of the driver;
// the rest of the program sees domain types and *cybercoop.Error values.
package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/cybercoop/cybercoop"
)

// Config says which Neo4j to use and how to log in.
type Config struct {
	URI      string // bolt://, neo4j:// (routing: clusters, Aura), +s / +ssc for TLS.
	User     string
	Password string
	Database string // "neo4j" on Community; any database name on Enterprise or Aura.
}

// Store reads and writes the knowledge graph through one driver shared by all requests.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
}

// Open creates the driver without contacting the server, so a service can start while Neo4j is still down and
// report it through Ping. It fails only on a malformed configuration.
func Open(cfg Config) (*Store, error) {
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = 5 * time.Second
			c.ConnectionAcquisitionTimeout = 10 * time.Second
			// Retries ride out a cluster leader change, which takes seconds; past that the caller should hear.
			c.MaxTransactionRetryTime = 5 * time.Second
		})
	if err != nil {
		return nil, fmt.Errorf("open neo4j driver for %s: %w", cfg.URI, err)
	}
	return &Store{driver: driver, database: cfg.Database}, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Ping checks that the database answers a query: Bolt accepting connections is not enough, the database must be
// online. It returns an EUNAVAILABLE error that says why not.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx, "RETURN 1", nil)
	return err
}

// read runs one read-only query routed to a reader of the cluster. The context's deadline also becomes the
// transaction's timeout, so Neo4j itself stops a query the caller has given up on.
func (s *Store) read(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	options := []neo4j.ExecuteQueryConfigurationOption{
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
	}
	if deadline, ok := ctx.Deadline(); ok {
		options = append(options, neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(max(time.Until(deadline), time.Millisecond))))
	}
	res, err := neo4j.ExecuteQuery(ctx, s.driver, query, params, neo4j.EagerResultTransformer, options...)
	return res, classify(ctx, err)
}

// write runs one write query on the leader.
func (s *Store) write(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, query, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
	return res, classify(ctx, err)
}

// classify wraps a driver error in the *cybercoop.Error callers may show, keeping the driver's error in the chain
// for the logs. Credentials and server internals stay out of the caller-safe message.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.ETIMEOUT, "the request took too long and was stopped"), err)
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.ETIMEOUT, "the request was cancelled"), err)
	}
	// After its retries the driver reports the last attempt's error inside TransactionExecutionLimit.
	cause := err
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		cause = limit.Errors[len(limit.Errors)-1]
	}
	var neoErr *neo4j.Neo4jError
	var authErr *neo4j.InvalidAuthenticationError
	switch {
	case errors.As(cause, &authErr) || (errors.As(cause, &neoErr) && neoErr.HasSecurityCode()):
		return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database refused the service's credentials"), err)
	case errors.As(cause, &neoErr) && neoErr.Code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
		return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.EUNAVAILABLE,
			"the database ran out of transaction memory: the request or load is too large for its heap"), err)
	case errors.As(cause, &neoErr) && strings.HasPrefix(neoErr.Code, "Neo.ClientError.Transaction.TransactionTimedOut"):
		return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.ETIMEOUT, "the request took too long and was stopped"), err)
	case errors.As(cause, &neoErr) && neoErr.Classification() != "TransientError", neo4j.IsUsageError(cause):
		return fmt.Errorf("neo4j: %w", err) // a bug on our side: shown as an internal error, logged in full
	default:
		// Connectivity errors, routing failures, a database that is starting: all "try again later".
		return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database is unavailable"), err)
	}
}
