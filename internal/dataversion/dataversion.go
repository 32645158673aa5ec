// Package dataversion keeps the store's knowledge of the loaded data version fresh without ever making a request
// wait for it: a background loop reads the version from the database with its own deadline, and the store
// remembers what it read, which requests pin (store.Store.Pin) without a round trip.
package dataversion

import (
	"context"
	"time"
)

// Source reads the version from the database, remembering it (store.DataVersion).
type Source interface {
	DataVersion(ctx context.Context) (string, error)
}

// Refresher reads the data version in the background. The zero value is not usable; call New.
type Refresher struct {
	source   Source
	interval time.Duration
	timeout  time.Duration
	onError  func(error)
}

// New returns a Refresher that reads source every interval, each read bounded by timeout. onError, when not nil,
// hears each failed read; the last version read stays in use meanwhile.
func New(source Source, interval, timeout time.Duration, onError func(error)) *Refresher {
	return &Refresher{source: source, interval: interval, timeout: timeout, onError: onError}
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
	if _, err := r.source.DataVersion(ctx); err != nil && r.onError != nil && ctx.Err() != context.Canceled {
		r.onError(err)
	}
}
