package breaker

import (
	"context"
	"errors"
	"testing"
	"time"
)

// scriptedProbe answers with the next error of its script (nil for success) and remembers each probe's deadline.
type scriptedProbe struct {
	results   []error
	calls     int
	deadlines []time.Duration
}

func (p *scriptedProbe) probe(ctx context.Context) error {
	deadline, _ := ctx.Deadline()
	p.deadlines = append(p.deadlines, time.Until(deadline))
	err := p.results[min(p.calls, len(p.results)-1)]
	p.calls++
	return err
}

var errDown = errors.New("connection refused")

func newTestBreaker(p *scriptedProbe, changes *[]bool) *Breaker {
	return New(p.probe, Options{Interval: time.Hour, Timeout: time.Second, HalfOpenTimeout: 5 * time.Second,
		Failures: 2, OnChange: func(s Status) { *changes = append(*changes, s.Open) }})
}

// refusal is the cause of the context Guard gives a call started now when it is cancelled already, else nil.
func refusal(b *Breaker) error {
	guarded, release := b.Guard(context.Background())
	defer release()
	if guarded.Err() == nil {
		return nil
	}
	return context.Cause(guarded)
}

func TestBreaker(t *testing.T) {
	ctx := context.Background()

	t.Run("OK closed before any probe", func(t *testing.T) {
		var changes []bool
		b := newTestBreaker(&scriptedProbe{results: []error{nil}}, &changes)
		if err := refusal(b); err != nil {
			t.Errorf("Guard refused with %v before any probe, want a live context", err)
		}
		if s := b.Status(); s.Open || !s.Checked.IsZero() {
			t.Errorf("Status() = %+v, want closed and never checked", s)
		}
	})

	t.Run("OneFailureDoesNotOpen", func(t *testing.T) {
		var changes []bool
		b := newTestBreaker(&scriptedProbe{results: []error{errDown, nil}}, &changes)
		b.ProbeOnce(ctx)
		if err := refusal(b); err != nil || b.Status().Failures != 1 {
			t.Errorf("after one failure: Guard refused with %v, status %+v; want closed with 1 failure", err, b.Status())
		}
		b.ProbeOnce(ctx)
		if s := b.Status(); s.Open || s.Failures != 0 || len(changes) != 0 {
			t.Errorf("after a success: %+v, changes %v; want closed, failures reset, no transition", s, changes)
		}
	})

	t.Run("ErrOpen after failures in a row, with the probe's reason", func(t *testing.T) {
		var changes []bool
		b := newTestBreaker(&scriptedProbe{results: []error{errDown}}, &changes)
		b.ProbeOnce(ctx)
		b.ProbeOnce(ctx)
		err := refusal(b)
		if !errors.Is(err, ErrOpen) || !errors.Is(err, errDown) {
			t.Errorf("Guard refused with %v, want ErrOpen wrapping the probe's error", err)
		}
		if s := b.Status(); !s.Open || !errors.Is(s.Reason, errDown) || len(changes) != 1 || !changes[0] {
			t.Errorf("status %+v, changes %v; want open with the reason, one transition to open", s, changes)
		}
	})

	t.Run("ErrOpen cancels the calls in flight", func(t *testing.T) {
		var changes []bool
		b := newTestBreaker(&scriptedProbe{results: []error{errDown}}, &changes)
		inFlight, release := b.Guard(ctx)
		defer release()
		other, releaseOther := b.Guard(ctx)
		releaseOther() // a call that has finished is not cancelled by the breaker
		b.ProbeOnce(ctx)
		if inFlight.Err() != nil {
			t.Fatal("a call was cancelled after one failure")
		}
		b.ProbeOnce(ctx)
		select {
		case <-inFlight.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("the call in flight was not cancelled when the breaker opened")
		}
		if cause := context.Cause(inFlight); !errors.Is(cause, ErrOpen) || !errors.Is(cause, errDown) {
			t.Errorf("cause = %v, want ErrOpen with the reason", cause)
		}
		if cause := context.Cause(other); errors.Is(cause, ErrOpen) {
			t.Errorf("a released call got the breaker's cause %v", cause)
		}
	})

	t.Run("OK a successful half-open probe closes it, with the longer deadline", func(t *testing.T) {
		var changes []bool
		probe := &scriptedProbe{results: []error{errDown, errDown, nil}}
		b := newTestBreaker(probe, &changes)
		b.ProbeOnce(ctx)
		b.ProbeOnce(ctx)
		b.ProbeOnce(ctx)
		if err := refusal(b); err != nil {
			t.Errorf("Guard refused with %v after a successful probe, want a live context", err)
		}
		if len(changes) != 2 || changes[0] != true || changes[1] != false {
			t.Errorf("transitions %v, want [open closed]", changes)
		}
		if probe.deadlines[1] > time.Second || probe.deadlines[2] <= time.Second {
			t.Errorf("probe deadlines %v: want Timeout while closed, HalfOpenTimeout while open", probe.deadlines)
		}
		guarded, release := b.Guard(ctx)
		defer release()
		if guarded.Err() != nil {
			t.Error("a call started after closing is already cancelled")
		}
	})

	t.Run("OK Run probes again at once after a failure", func(t *testing.T) {
		calls := make(chan struct{}, 10)
		b := New(func(context.Context) error { calls <- struct{}{}; return errDown },
			Options{Interval: time.Hour, Timeout: time.Second, Failures: 2})
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { b.Run(runCtx); close(done) }()
		for range 2 {
			select {
			case <-calls:
			case <-time.After(5 * time.Second): // generous: the interval is an hour
				t.Fatal("Run did not probe again at once after a failure")
			}
		}
		for waited := 0; !b.Status().Open; waited++ {
			if waited == 500 {
				t.Fatal("breaker not open after two failed probes")
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
	})
}
