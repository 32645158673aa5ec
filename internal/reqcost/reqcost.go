// Package reqcost carries the cost of one HTTP request's work between the layer that knows it (the GraphQL
// admission, an export) and the layer that charges it to the client's budget (the rate limit).
//
// The cost is charged when the work is admitted, before it runs, so that requests in flight count against the
// budget: a client cannot start more work at once than its budget holds. What was reserved for work that then
// did not run (an operation refused by validation) is given back when the request ends (Meter.Settle).
//
// It is a context value rather than a response header so that the charge is taken before the response exists, and
// so that a request without a meter (tests, internal calls) is charged nothing.
package reqcost

import (
	"context"
	"sync/atomic"
	"time"
)

// Budget is what a request's cost is charged to: one client's rate-limit bucket.
type Budget interface {
	// Reserve takes cost units now, or takes nothing and says how long until the budget holds them (a negative
	// wait when it never will: cost is more than the budget can ever hold).
	Reserve(cost int) (wait time.Duration, ok bool)
	// Refund gives back units reserved for work that did not run.
	Refund(cost int)
}

// Meter adds up the cost reserved for one request and the cost of the work that ran. It is safe for concurrent use.
type Meter struct {
	budget          Budget
	reserved, spent atomic.Int64
}

type meterKey struct{}

// NewContext returns a context carrying a fresh meter that charges budget (nil: nothing is charged), and the meter.
func NewContext(ctx context.Context, budget Budget) (context.Context, *Meter) {
	m := &Meter{budget: budget}
	return context.WithValue(ctx, meterKey{}, m), m
}

// Reserve charges cost to the budget of the context's request before the work runs. It returns false, with the
// budget's wait, when the budget does not hold it; the work must then not run. Without a meter it admits anything.
func Reserve(ctx context.Context, cost int) (wait time.Duration, ok bool) {
	m, found := ctx.Value(meterKey{}).(*Meter)
	if !found || cost <= 0 {
		return 0, true
	}
	if m.budget != nil {
		if wait, ok := m.budget.Reserve(cost); !ok {
			return wait, false
		}
	}
	m.reserved.Add(int64(cost))
	return 0, true
}

// Spend records that work reserved on the context's meter ran, at the given cost.
func Spend(ctx context.Context, cost int) {
	if m, found := ctx.Value(meterKey{}).(*Meter); found {
		m.spent.Add(int64(cost))
	}
}

// Spent is the cost of the work that ran.
func (m *Meter) Spent() int { return int(m.spent.Load()) }

// Reserved is the cost reserved so far.
func (m *Meter) Reserved() int { return int(m.reserved.Load()) }

// Settle gives back to the budget what was reserved and not spent. Call it once, when the request has ended.
func (m *Meter) Settle() {
	if unspent := m.reserved.Load() - m.spent.Load(); unspent > 0 && m.budget != nil {
		m.budget.Refund(int(unspent))
	}
}
