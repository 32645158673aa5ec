package dataversion

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeSource answers with version or err, and runs during (when set) while the read is in progress.
type fakeSource struct {
	version  string
	err      error
	during   func()
	deadline time.Duration
}

func (f *fakeSource) DataVersion(ctx context.Context) (string, error) {
	deadline, _ := ctx.Deadline()
	f.deadline = time.Until(deadline)
	if f.during != nil {
		f.during()
	}
	return f.version, f.err
}

func TestRefresher(t *testing.T) {
	ctx := context.Background()

	t.Run("OK unknown before the first read, then the database's version", func(t *testing.T) {
		src := &fakeSource{version: "v1"}
		r := New(src, time.Hour, time.Second, nil)
		if v := r.Current(); v != "" {
			t.Errorf("Current() = %q before any read, want empty", v)
		}
		r.Refresh(ctx)
		if v := r.Current(); v != "v1" {
			t.Errorf("Current() = %q, want v1", v)
		}
		if src.deadline <= 0 || src.deadline > time.Second {
			t.Errorf("read ran with deadline %v, want at most the timeout", src.deadline)
		}
	})

	t.Run("ErrRead keeps the last known version and reports the error", func(t *testing.T) {
		src := &fakeSource{version: "v1"}
		var reported []error
		r := New(src, time.Hour, time.Second, func(err error) { reported = append(reported, err) })
		r.Refresh(ctx)
		src.err = errors.New("database down")
		r.Refresh(ctx)
		if v := r.Current(); v != "v1" || len(reported) != 1 {
			t.Errorf("Current() = %q with %d errors reported; want v1 and one error", v, len(reported))
		}
	})

	t.Run("OK a version observed by a request is used at once", func(t *testing.T) {
		r := New(&fakeSource{version: "v1"}, time.Hour, time.Second, nil)
		r.Refresh(ctx)
		r.Observe("v2")
		if v := r.Current(); v != "v2" {
			t.Errorf("Current() = %q, want the observed v2", v)
		}
	})

	t.Run("OK a refresh that began before an observation does not undo it", func(t *testing.T) {
		src := &fakeSource{version: "v0"}
		r := New(src, time.Hour, time.Second, nil)
		r.Refresh(ctx)
		src.version = "v1"                      // the refresh reads what one load wrote ...
		src.during = func() { r.Observe("v2") } // ... while a request sees what the next load wrote
		r.Refresh(ctx)
		if v := r.Current(); v != "v2" {
			t.Errorf("Current() = %q, want v2: a stale refresh overwrote a newer observation", v)
		}
	})

	t.Run("OK Run reads at once", func(t *testing.T) {
		r := New(&fakeSource{version: "v1"}, time.Hour, time.Second, nil)
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { r.Run(runCtx); close(done) }()
		for waited := 0; r.Current() == ""; waited++ {
			if waited == 500 {
				t.Fatal("Run did not read the version at once")
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-done
	})
}
