// Package dataversion keeps the version of the loaded data at hand without ever making a request wait for it: a
// background loop reads it from the database with its own deadline, and requests read the last value without a
// lock.
package dataversion

import (
	"context"
	"sync/atomic"
	"time"
)

// Source reads the version from the database (store.DataVersion).
type Source interface {
	DataVersion(ctx context.Context) (string, error)
}

// Refresher holds the last data version read. The zero value is not usable; call New.
type Refresher struct {
	source   Source
	interval time.Duration
	timeout  time.Duration
	onError  func(error)
	current  atomic.Pointer[string]
}

// New returns a Refresher that reads source every interval, each read bounded by timeout. onError, when not nil,
// hears each failed read; the last known version stays in use meanwhile.
func New(source Source, interval, timeout time.Duration, onError func(error)) *Refresher {
	r := &Refresher{source: source, interval: interval, timeout: timeout, onError: onError}
	r.current.Store(new(string))
	return r
}

// Run refreshes the version until ctx is done: once at once, then every interval.
func (r *Refresher) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		r.Refresh(ctx)
		timer.Reset(r.interval)
	}
}

// Refresh reads the version once, within the timeout.
func (r *Refresher) Refresh(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	before := r.current.Load()
	v, err := r.source.DataVersion(ctx)
	if err != nil {
		if r.onError != nil && ctx.Err() != context.Canceled {
			r.onError(err)
		}
		return
	}
	// A request may have observed a newer version while this read ran: then that one stays.
	if *before != v {
		r.current.CompareAndSwap(before, &v)
	}
}

// Current returns the last version read, or "" when none has been read yet (or nothing is loaded).
func (r *Refresher) Current() string { return *r.current.Load() }

// Observe records a version that a request has just read from the database, so that a new load is known as soon
// as anyone sees it rather than at the next refresh.
func (r *Refresher) Observe(version string) {
	if *r.current.Load() != version {
		r.current.Store(&version)
	}
}
