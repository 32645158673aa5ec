// Package breaker is a circuit breaker fed by a background probe: while the probe fails, calls are refused at once
// and the calls in flight are cancelled, instead of each waiting for its own timeout against a dependency that is
// down or hung. The first successful probe after a failure (the half-open trial) closes it again.
package breaker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrOpen is in the chain of every error the breaker gives while it is open.
var ErrOpen = errors.New("circuit breaker open")

// Status is the breaker's state after the last probe.
type Status struct {
	Open     bool      // calls are refused
	Reason   error     // the last probe's error; nil after a success
	Failures int       // failed probes in a row
	Checked  time.Time // when the last probe ended; zero before the first one
	Since    time.Time // when the breaker last opened or closed
}

// Options set how often the probe runs, how long it may take and how many failures open the breaker.
type Options struct {
	Interval time.Duration // time between the end of one probe and the start of the next
	Timeout  time.Duration // deadline of one probe; a probe that takes longer counts as failed
	// HalfOpenTimeout is the deadline of the probes that may close an open breaker (Timeout when shorter): a
	// dependency that has just restarted is often slow for a while, and slow is better than refused.
	HalfOpenTimeout time.Duration
	// Failures is how many failed probes in a row open the breaker (at least 1). After a failure the next probe
	// runs at once, so a dependency that is really down is noticed within Interval + Failures x Timeout, while
	// one slow probe on a busy machine does not refuse every call.
	Failures int
	OnChange func(Status) // called on each transition (for metrics and logs), from the goroutine of Run
}

// Breaker refuses calls while its probe fails. The zero value is not usable; call New. It starts closed, so calls
// are tried before the first probe has run.
type Breaker struct {
	probe func(ctx context.Context) error
	opts  Options

	status atomic.Pointer[Status] // stored under mu; Guard reads it under mu too, Status without

	mu       sync.Mutex // guards the fields below and the transitions
	inFlight map[*inFlightCall]struct{}
}

// inFlightCall is a guarded call the breaker cancels when it opens. Calls register themselves rather than watch a
// shared context, so that no channel of the breaker is shared with the caller's goroutines.
type inFlightCall struct{ cancel context.CancelCauseFunc }

// New returns a closed breaker that will call probe every opts.Interval once Run is started.
func New(probe func(ctx context.Context) error, opts Options) *Breaker {
	opts.Failures = max(opts.Failures, 1)
	b := &Breaker{probe: probe, opts: opts, inFlight: map[*inFlightCall]struct{}{}}
	b.status.Store(&Status{Since: time.Now()})
	return b
}

// Run probes until ctx is done: once at once, then every Interval, or at once after a failure that has not opened
// the breaker yet.
func (b *Breaker) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		b.ProbeOnce(ctx)
		wait := b.opts.Interval
		if s := b.status.Load(); !s.Open && s.Failures > 0 {
			wait = 0
		}
		timer.Reset(wait)
	}
}

// ProbeOnce runs the probe with its deadline and opens or closes the breaker on its result.
func (b *Breaker) ProbeOnce(ctx context.Context) {
	timeout := b.opts.Timeout
	if b.status.Load().Open {
		timeout = max(timeout, b.opts.HalfOpenTimeout)
	}
	probeCtx, cancel := context.WithTimeout(ctx, timeout)
	err := b.probe(probeCtx)
	cancel()
	if ctx.Err() != nil {
		return // shutting down: the probe's failure says nothing about the dependency
	}
	b.record(err)
}

func (b *Breaker) record(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	previous := b.status.Load()
	next := &Status{Checked: now, Since: previous.Since}
	if err != nil {
		next.Failures = previous.Failures + 1
		next.Open = previous.Open || next.Failures >= b.opts.Failures
		next.Reason = err
	}
	if next.Open != previous.Open {
		next.Since = now
		if next.Open {
			cause := fmt.Errorf("%w: %w", ErrOpen, err)
			for call := range b.inFlight {
				call.cancel(cause)
			}
		}
		if b.opts.OnChange != nil {
			b.opts.OnChange(*next)
		}
	}
	b.status.Store(next)
}

// Status returns the result of the last probe.
func (b *Breaker) Status() Status { return *b.status.Load() }

// Guard returns a context derived from ctx that is also cancelled, with a cause wrapping ErrOpen and the probe's
// reason, if the breaker opens before release is called: a call in flight against a dependency that has just hung
// stops at once. While the breaker is open the context is cancelled already, so the caller can refuse without
// trying. The state is read under the lock record takes to open and cancel: a call is either registered before the
// opening, and cancelled by it, or sees it; none slips between a check and its registration.
func (b *Breaker) Guard(ctx context.Context) (guarded context.Context, release func()) {
	guarded, cancel := context.WithCancelCause(ctx)
	call := &inFlightCall{cancel: cancel}
	b.mu.Lock()
	if s := b.status.Load(); s.Open {
		b.mu.Unlock()
		cancel(fmt.Errorf("%w: %w", ErrOpen, s.Reason))
		return guarded, func() {}
	}
	b.inFlight[call] = struct{}{}
	b.mu.Unlock()
	return guarded, func() {
		b.mu.Lock()
		delete(b.inFlight, call)
		b.mu.Unlock()
		cancel(context.Canceled)
	}
}
