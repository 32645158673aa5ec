// Package batch schedules the GraphQL fields that read the database so that siblings share round trips: a Loader
// gathers the keys that sibling fields ask for within a short window into one fetch, and MarshalList marshals a
// list's elements in order, without a goroutine each, until one is about to wait on a Loader; then the rest go
// concurrently, so that their keys join the same fetch. It knows nothing of the schema or the store.
package batch

import (
	"context"
	"sync"
	"time"
)

// A Loader waits for sibling fields before it fetches: gqlgen resolves the elements of a list concurrently, so
// their calls arrive together. It fetches once batchIdle passes without a new key, or batchMax after the first.
// Every level of a nested query pays batchIdle once: 500 µs against 2 ms raised the throughput of a three-level
// query by about a fifth, for about one more statement per operation when the machine is busy (6.4 against 5.4
// with 4 concurrent clients), since a sibling that arrives late starts a batch of its own.
const (
	batchIdle = 500 * time.Microsecond
	batchMax  = 20 * time.Millisecond
)

// Loader collects the keys asked for within the batching window and fetches them with one call. Values primed
// (read ahead, with their parent) are returned at once. A Loader serves one request: it keeps what it primed.
type Loader[K comparable, V any] struct {
	fetch   func(ctx context.Context, keys []K) (map[K]V, error)
	mu      sync.Mutex
	pending *pendingBatch[K, V]
	primed  map[K]V
}

type pendingBatch[K comparable, V any] struct {
	keys    []K
	seen    map[K]bool
	arrived chan struct{} // a key was added
	done    chan struct{}
	result  map[K]V
	err     error
}

// New returns a Loader that fetches its keys with fetch. A key fetch leaves out of its map loads as the zero V.
func New[K comparable, V any](fetch func(ctx context.Context, keys []K) (map[K]V, error)) *Loader[K, V] {
	return &Loader[K, V]{fetch: fetch}
}

// Load returns the value for key, fetched together with the other keys asked for in the same window, or the
// fetch's error; ctx's error when ctx ends first.
func (b *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	b.mu.Lock()
	if v, ok := b.primed[key]; ok {
		b.mu.Unlock()
		return v, nil
	}
	bt := b.pending
	if bt == nil {
		bt = &pendingBatch[K, V]{seen: map[K]bool{}, arrived: make(chan struct{}, 1), done: make(chan struct{})}
		b.pending = bt
		go b.wait(ctx, bt)
	}
	if !bt.seen[key] {
		bt.seen[key] = true
		bt.keys = append(bt.keys, key)
		select {
		case bt.arrived <- struct{}{}:
		default:
		}
	}
	b.mu.Unlock()
	beforeWait(ctx) // lists marshalled in order go concurrent, so that the siblings' keys join this batch
	select {
	case <-bt.done:
		return bt.result[key], bt.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// wait lets keys gather until batchIdle passes without one, or batchMax in all, then fetches them.
func (b *Loader[K, V]) wait(ctx context.Context, bt *pendingBatch[K, V]) {
	deadline := time.NewTimer(batchMax)
	defer deadline.Stop()
	idle := time.NewTimer(batchIdle)
	defer idle.Stop()
	for waiting := true; waiting; {
		select {
		case <-bt.arrived:
			idle.Reset(batchIdle)
		case <-idle.C:
			waiting = false
		case <-deadline.C:
			waiting = false
		}
	}
	b.mu.Lock()
	b.pending = nil
	b.mu.Unlock()
	bt.result, bt.err = b.fetch(ctx, bt.keys)
	close(bt.done)
}

// Prime files the value of a key read ahead, for Load to return without fetching.
func (b *Loader[K, V]) Prime(key K, value V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.primed == nil {
		b.primed = map[K]V{}
	}
	b.primed[key] = value
}

// Key is the key of a Grouped loader: an item and the options of the query that reads it.
type Key[I, Q comparable] struct {
	Item    I
	Options Q
}

// Grouped returns a Loader whose batch is fetched with one call per distinct options, each with all the items
// asked for with those options.
func Grouped[I, Q comparable, V any](fetch func(ctx context.Context, items []I, q Q) (map[I]V, error)) *Loader[Key[I, Q], V] {
	return New(func(ctx context.Context, keys []Key[I, Q]) (map[Key[I, Q]]V, error) {
		byOptions := map[Q][]I{}
		for _, k := range keys {
			byOptions[k.Options] = append(byOptions[k.Options], k.Item)
		}
		out := make(map[Key[I, Q]]V, len(keys))
		for q, items := range byOptions {
			values, err := fetch(ctx, items, q)
			if err != nil {
				return nil, err
			}
			for item, v := range values {
				out[Key[I, Q]{item, q}] = v
			}
		}
		return out, nil
	})
}
