// Package reqcost carries the cost of the GraphQL work done for one HTTP request from the GraphQL layer, which
// computes it when it admits an operation, to the HTTP layer, which charges it to the client's rate limit.
//
// It is a context value rather than a response header so that the HTTP layer learns the cost without parsing the
// response, and so that a request without a meter (tests, internal calls) costs nothing to record.
package reqcost

import (
	"context"
	"sync/atomic"
)

// Meter adds up the cost of the operations admitted for one request. It is safe for concurrent use.
type Meter struct{ total atomic.Int64 }

type meterKey struct{}

// NewContext returns a context carrying a fresh meter, and the meter.
func NewContext(ctx context.Context) (context.Context, *Meter) {
	m := &Meter{}
	return context.WithValue(ctx, meterKey{}, m), m
}

// Add records cost on the context's meter; without a meter it does nothing.
func Add(ctx context.Context, cost int) {
	if m, ok := ctx.Value(meterKey{}).(*Meter); ok {
		m.total.Add(int64(cost))
	}
}

// Total is the cost recorded so far.
func (m *Meter) Total() int { return int(m.total.Load()) }
