package breaker

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestGuard(t *testing.T) {
	ctx := context.Background()

	// The race readAs had: a call checked the breaker while it was closed, the breaker opened, and only then did the
	// call register. record cancelled the calls registered when it opened, so this one ran to its own timeout.
	t.Run("ErrOpen a call that checked before the opening and registers after it is cancelled", func(t *testing.T) {
		var changes []bool
		b := newTestBreaker(&scriptedProbe{results: []error{errDown}}, &changes)
		if b.Status().Open {
			t.Fatal("the breaker is open before any probe")
		}
		// The call has checked: closed. Now the breaker opens before the call registers.
		b.ProbeOnce(ctx)
		b.ProbeOnce(ctx)
		if !b.Status().Open {
			t.Fatal("the breaker did not open after two failed probes")
		}
		guarded, release := b.Guard(ctx)
		defer release()
		if guarded.Err() == nil {
			t.Fatal("Guard after the opening gave a live context: the call would wait for its own timeout")
		}
		if cause := context.Cause(guarded); !errors.Is(cause, ErrOpen) || !errors.Is(cause, errDown) {
			t.Errorf("cause = %v, want ErrOpen with the probe's reason", cause)
		}
	})

	// Many calls guard themselves while the breaker opens. Each is registered either before record takes the lock,
	// and cancelled by it, or after, and then born cancelled: once record has returned, every context Guard has
	// given (and every one it gives later) is cancelled with ErrOpen. Run with -race.
	t.Run("ErrOpen no call guarded around the opening slips through", func(t *testing.T) {
		for round := range 20 {
			b := New(func(context.Context) error { return errDown }, Options{Interval: time.Hour, Timeout: time.Second, Failures: 1})
			var (
				mu       sync.Mutex
				guarded  []context.Context
				releases []func()
				wg       sync.WaitGroup
			)
			stop := make(chan struct{})
			for range 8 {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						g, release := b.Guard(ctx)
						mu.Lock()
						guarded, releases = append(guarded, g), append(releases, release)
						mu.Unlock()
					}
				})
			}
			for registered := 0; registered < 100; runtime.Gosched() { // some calls are in flight before the opening
				mu.Lock()
				registered = len(guarded)
				mu.Unlock()
			}
			b.ProbeOnce(ctx) // opens the breaker while the goroutines guard
			check := func(when string) {
				mu.Lock()
				defer mu.Unlock()
				for i, g := range guarded {
					if g.Err() == nil {
						t.Fatalf("round %d, %s: call %d of %d has a live context", round, when, i, len(guarded))
					}
					if cause := context.Cause(g); !errors.Is(cause, ErrOpen) || !errors.Is(cause, errDown) {
						t.Fatalf("round %d, %s: call %d cancelled with %v, want ErrOpen with the reason", round, when, i, cause)
					}
				}
			}
			check("right after the opening")
			time.Sleep(time.Millisecond) // calls guarded after the opening
			close(stop)
			wg.Wait()
			check("after the opening")
			for _, release := range releases {
				release()
			}
			b.mu.Lock()
			if n := len(b.inFlight); n != 0 {
				t.Errorf("round %d: %d calls still registered after all were released", round, n)
			}
			b.mu.Unlock()
		}
	})
}
