package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestRetried(t *testing.T) {
	transient := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}
	broken := &neo4j.ConnectivityError{Inner: errors.New("connection reset by peer")}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}
	cases := []struct {
		name     string
		errs     []error // what each attempt returns; past the end, success
		budget   time.Duration
		attempts int
		fails    bool
	}{
		{"OK success at once", nil, time.Second, 1, false},
		{"OK a transient error is tried again", []error{transient}, time.Second, 2, false},
		{"OK a broken connection is tried again", []error{broken, broken}, time.Second, 3, false},
		{"ErrInvalid a client error is not", []error{syntax}, time.Second, 1, true},
		{"ErrUnavailable the budget ends the retries", []error{transient, transient, transient, transient}, 25 * time.Millisecond, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			attempts := 0
			got, err := retried(context.Background(), c.budget, func() (int, error) {
				attempts++
				if attempts <= len(c.errs) {
					return 0, c.errs[attempts-1]
				}
				return 42, nil
			})
			if attempts != c.attempts || (err != nil) != c.fails || (!c.fails && got != 42) {
				t.Errorf("%d attempts, (%d, %v); want %d attempts, failing %v", attempts, got, err, c.attempts, c.fails)
			}
		})
	}
	t.Run("ErrTimeout a done context stops the wait", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		attempts := 0
		_, err := retried(ctx, time.Minute, func() (int, error) {
			attempts++
			cancel()
			return 0, transient
		})
		if attempts != 1 || !errors.Is(err, transient) {
			t.Errorf("%d attempts, %v; want 1 and the transient error", attempts, err)
		}
	})
}
