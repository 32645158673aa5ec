package dataversion

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// fakeSource answers with err, counting its reads and noting the deadline of the last one.
type fakeSource struct {
	err      error
	reads    atomic.Int64
	deadline time.Duration
}

func (f *fakeSource) DataVersion(ctx context.Context) (string, error) {
	deadline, _ := ctx.Deadline()
	f.deadline = time.Until(deadline)
	f.reads.Add(1)
	return "v1", f.err
}

func TestRefresher(t *testing.T) {
	ctx := context.Background()

	t.Run("OK a refresh reads within the timeout", func(t *testing.T) {
		src := &fakeSource{}
		New(src, time.Hour, time.Second, nil).Refresh(ctx)
		if src.reads.Load() != 1 || src.deadline <= 0 || src.deadline > time.Second {
			t.Errorf("%d reads with deadline %v, want one within the timeout", src.reads.Load(), src.deadline)
		}
	})

	t.Run("ErrRead is reported", func(t *testing.T) {
		src := &fakeSource{err: errors.New("database down")}
		var reported []error
		New(src, time.Hour, time.Second, func(err error) { reported = append(reported, err) }).Refresh(ctx)
		if len(reported) != 1 {
			t.Errorf("%d errors reported, want one", len(reported))
		}
	})

	t.Run("OK Run reads at once, then every interval", func(t *testing.T) {
		src := &fakeSource{}
		r := New(src, 10*time.Millisecond, time.Second, nil)
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { r.Run(runCtx); close(done) }()
		for waited := 0; src.reads.Load() < 3; waited++ {
			if waited == 500 {
				t.Fatalf("Run read %d times in 5 s, want 3 at least", src.reads.Load())
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
	})
}
