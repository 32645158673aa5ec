// Package store keeps the knowledge graph in Neo4j. It holds every Cypher statement and every use of the driver;
// the rest of the program sees domain types and *cybercoop.Error values.
package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/breaker"
	"github.com/cybercoop/cybercoop/internal/metrics"
)

// Config says which Neo4j to use and how to log in.
type Config struct {
	URI      string // bolt://, neo4j:// (routing: clusters, Aura), +s / +ssc for TLS.
	User     string
	Password string
	Database string // "neo4j" on Community; any database name on Enterprise or Aura.

	// The readiness probe that feeds the circuit breaker (see Watch): how often it runs and how long it may take.
	// Zero means DefaultProbeInterval and DefaultProbeTimeout.
	ProbeInterval time.Duration
	ProbeTimeout  time.Duration

	// SwitchGrace is how long after a load's switch the slot it switched away from stays readable (see Pin): the
	// next load waits for it before clearing that slot. Zero means DefaultSwitchGrace. It must exceed the longest
	// read of a pinned operation (the request timeout) by half.
	SwitchGrace time.Duration
}

// Defaults of the readiness probe. Two failed probes in a row (the second runs at once) open the circuit breaker,
// so a Neo4j that is down or hung is noticed within 2.5 seconds, and a single slow probe on a busy machine does
// not refuse every request.
const (
	DefaultProbeInterval = 500 * time.Millisecond
	DefaultProbeTimeout  = time.Second
	probeFailures        = 2
)

// Store reads and writes the knowledge graph through one driver shared by all requests.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	breaker  *breaker.Breaker
	logger   atomic.Pointer[slog.Logger] // where Watch logs the breaker's changes
	grace    time.Duration
	known    atomic.Pointer[known] // the data version read last
	rewrites rewrites              // statements rewritten for slot 1
}

// Open creates the driver without contacting the server, so a service can start while Neo4j is still down and
// report it through Ping. It fails only on a malformed configuration.
func Open(cfg Config) (*Store, error) {
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = 5 * time.Second
			c.ConnectionAcquisitionTimeout = 10 * time.Second
			// Retries ride out a cluster leader change, which takes seconds; past that the caller should hear. A
			// Neo4j that is down does not wait for them: the circuit breaker cancels reads as soon as it opens.
			c.MaxTransactionRetryTime = 5 * time.Second
			// The driver would send Neo4j a message per transaction saying which of its APIs ran it.
			c.TelemetryDisabled = true
		})
	if err != nil {
		return nil, fmt.Errorf("open neo4j driver for %s: %w", cfg.URI, err)
	}
	s := &Store{driver: driver, database: cfg.Database, grace: cmp.Or(cfg.SwitchGrace, DefaultSwitchGrace)}
	s.breaker = breaker.New(s.Ping, breaker.Options{
		Interval: cmp.Or(cfg.ProbeInterval, DefaultProbeInterval),
		Timeout:  cmp.Or(cfg.ProbeTimeout, DefaultProbeTimeout),
		Failures: probeFailures,
		// A Neo4j that has just restarted may take seconds to answer while it warms up: let it back in.
		HalfOpenTimeout: 5 * time.Second,
		OnChange:        s.breakerChanged,
	})
	return s, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Watch probes Neo4j with Ping until ctx is done, feeding the circuit breaker: after two failed probes in a row,
// reads answer EUNAVAILABLE at once and the reads in flight are cancelled; the next successful probe lets reads
// through again. Each change is logged to logger. Without Watch the breaker stays closed and every read tries Neo4j.
func (s *Store) Watch(ctx context.Context, logger *slog.Logger) {
	s.logger.Store(logger)
	s.breaker.Run(ctx)
}

// breakerChanged records a transition of the circuit breaker in the metrics and the log.
func (s *Store) breakerChanged(status breaker.Status) {
	metrics.BreakerChanged(status.Open)
	logger := s.logger.Load()
	if logger == nil {
		return
	}
	if status.Open {
		logger.Warn("Neo4j unavailable: answering UNAVAILABLE until a probe succeeds", "reason", status.Reason)
	} else {
		logger.Info("Neo4j available again")
	}
}

// Health returns the result of the last readiness probe run by Watch.
func (s *Store) Health() breaker.Status { return s.breaker.Status() }

// Ping checks that the database answers a query: Bolt accepting connections is not enough, the database must be
// online. It returns an EUNAVAILABLE error that says why not. It runs one attempt, without the driver's retries,
// so that a probe with a short deadline hears the real reason.
func (s *Store) Ping(ctx context.Context) error {
	return s.observe(ctx, "ping", func(ctx context.Context) error {
		session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
		defer session.Close(ctx) // with ctx done, the connection is dropped rather than reset: it may be hung
		res, err := session.Run(ctx, "RETURN 1", nil, txTimeout(ctx)...)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.EUNAVAILABLE, "the database did not answer in time (hung or overloaded)"), err)
		}
		return classify(ctx, err)
	})
}

// read runs one read-only query routed to a reader of the cluster, against the slot of the context's pin (Pin),
// else of the current data version. name identifies the statement in metrics and traces. The context's deadline
// also becomes the transaction's timeout, so Neo4j itself stops a query the caller has given up on. While the
// circuit breaker is open it answers EUNAVAILABLE without trying, and a read in flight when the breaker opens is
// cancelled.
func (s *Store) read(ctx context.Context, name, query string, params map[string]any) (*neo4j.EagerResult, error) {
	p, err := s.pinOf(ctx)
	if err != nil {
		return nil, err
	}
	slotted, err := s.rewrites.of(query, p.slot)
	if err != nil {
		return nil, fmt.Errorf("statement %s for slot %d: %w", name, p.slot, err)
	}
	return s.readAs(ctx, name, slotted, parameters(params, p.slot))
}

// readAs runs a read as it is written, in no slot.
func (s *Store) readAs(ctx context.Context, name, query string, params map[string]any) (*neo4j.EagerResult, error) {
	ctx, release := s.breaker.Guard(ctx)
	defer release()
	// Open now, or since Guard: refused without a round trip.
	if cause := context.Cause(ctx); errors.Is(cause, breaker.ErrOpen) {
		metrics.Statement(name, cybercoop.EUNAVAILABLE, 0)
		return nil, unavailable(cause)
	}
	var res *neo4j.EagerResult
	err := s.observe(ctx, name, func(ctx context.Context) error {
		var err error
		res, err = retried(ctx, readRetryTime, func() (*neo4j.EagerResult, error) { return s.readOnce(ctx, query, params) })
		return classify(ctx, err)
	})
	return res, err
}

// retried runs attempt, and again after a transient error or a connection that broke in the pool, as the driver
// retries a managed transaction: with waits growing from 10 ms, while the next would start within budget. Only
// reads go through it: they change nothing, so running one twice is safe.
func retried[T any](ctx context.Context, budget time.Duration, attempt func() (T, error)) (T, error) {
	started := time.Now()
	wait := 10 * time.Millisecond
	for {
		res, err := attempt()
		if err == nil || !neo4j.IsRetryable(err) || time.Since(started)+wait > budget {
			return res, err
		}
		select {
		case <-ctx.Done():
			return res, err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// readRetryTime is how long a read is retried: as long as the driver retries a write (MaxTransactionRetryTime).
const readRetryTime = 5 * time.Second

// readOnce runs a read as one auto-commit transaction: RUN and PULL in one round trip, where a managed
// transaction adds BEGIN and COMMIT and a second round trip. That saves 8 to 29 % of Neo4j's CPU on a
// one-statement request (search: 1.13 ms against 1.59).
func (s *Store) readOnce(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer session.Close(ctx)
	result, err := session.Run(ctx, query, params, txTimeout(ctx)...)
	if err != nil {
		return nil, err
	}
	records, err := result.Collect(ctx)
	if err != nil {
		return nil, err
	}
	return &neo4j.EagerResult{Records: records}, nil
}

// write runs one write query on the leader, within the context's deadline, in its own transaction (retried by the
// driver on transient errors), against the slot of the context's pin, else of the current data version. Writes
// belong to the loader and migrations, which are not stopped by the circuit breaker: a probe slowed by a large
// load must not cancel it.
func (s *Store) write(ctx context.Context, name, query string, params map[string]any) (*neo4j.EagerResult, error) {
	p, err := s.pinOf(ctx)
	if err != nil {
		return nil, err
	}
	slotted, err := rewrite(query, p.slot)
	if err != nil {
		return nil, fmt.Errorf("statement %s for slot %d: %w", name, p.slot, err)
	}
	return s.writeAs(ctx, name, slotted, parameters(params, p.slot))
}

// writeAs runs a write as it is written, in no slot.
func (s *Store) writeAs(ctx context.Context, name, query string, params map[string]any) (*neo4j.EagerResult, error) {
	var res *neo4j.EagerResult
	err := s.observe(ctx, name, func(ctx context.Context) error {
		var err error
		res, err = neo4j.ExecuteQuery(ctx, s.driver, query, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(txTimeout(ctx)...))
		return classify(ctx, err)
	})
	return res, err
}

// observe runs one statement inside a trace span and records its time and outcome.
func (s *Store) observe(ctx context.Context, name string, run func(ctx context.Context) error) error {
	ctx, span := tracer.Start(ctx, "neo4j "+name, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.system", "neo4j"), attribute.String("db.operation.name", name)))
	defer span.End()
	started := time.Now()
	err := run(ctx)
	outcome := "ok"
	if err != nil {
		outcome = cybercoop.ErrorCode(err)
		span.SetStatus(codes.Error, outcome)
	}
	metrics.Statement(name, outcome, time.Since(started))
	return err
}

var tracer = otel.Tracer("github.com/cybercoop/cybercoop/store")

// txTimeout makes the context's deadline the transaction's timeout, so Neo4j stops work the caller gave up on.
func txTimeout(ctx context.Context) []func(*neo4j.TransactionConfig) {
	if deadline, ok := ctx.Deadline(); ok {
		return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(max(time.Until(deadline), time.Millisecond))}
	}
	return nil
}

// unavailable is the error of a read refused or cancelled by the open circuit breaker. It keeps the probe's
// caller-safe reason and the breaker's error in the chain for the logs.
func unavailable(err error) error {
	reason := "the database is unavailable"
	if cybercoop.ErrorCode(err) == cybercoop.EUNAVAILABLE {
		reason = cybercoop.ErrorMessage(err)
	}
	return fmt.Errorf("%w: %w", cybercoop.Errorf(cybercoop.EUNAVAILABLE, "%s", reason), err)
}

// classify wraps a driver error in the *cybercoop.Error callers may show, keeping the driver's error in the chain
// for the logs. Credentials and server internals stay out of the caller-safe message.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cause := context.Cause(ctx); errors.Is(cause, breaker.ErrOpen) {
		return unavailable(cause)
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
