// Package bytecache is a least-recently-used cache bounded by the bytes its entries hold, not by their number.
package bytecache

import (
	"container/list"
	"context"
	"sync"
)

// Cache keeps values under string keys within maxBytes, as weighed by its weigh function, dropping the least
// recently used entries to make room: a few large values cannot fill memory. An entry heavier than the whole
// budget is not kept. It satisfies gqlgen's graphql.Cache and is safe for concurrent use.
type Cache[T any] struct {
	maxBytes int
	weigh    func(key string, value T) int

	mu    sync.Mutex
	bytes int
	order *list.List // of *entry[T], most recently used first
	byKey map[string]*list.Element
}

type entry[T any] struct {
	key    string
	value  T
	weight int
}

// New returns an empty cache holding at most maxBytes, an entry weighing what weigh says of it; weigh should count
// the key and the bookkeeping too, or many small entries escape the budget.
func New[T any](maxBytes int, weigh func(key string, value T) int) *Cache[T] {
	return &Cache[T]{maxBytes: maxBytes, weigh: weigh, order: list.New(), byKey: map[string]*list.Element{}}
}

// Get returns the value kept under key, marking it recently used.
func (c *Cache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*entry[T]).value, true
	}
	var zero T
	return zero, false
}

// Peek returns the value kept under key without marking it used: a look-up that may not lead to a use must not
// keep its entry from eviction.
func (c *Cache[T]) Peek(key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		return el.Value.(*entry[T]).value, true
	}
	var zero T
	return zero, false
}

// Add keeps value under key, in place of any value kept there, dropping the least recently used entries until the
// cache is within its budget. A value heavier than the budget is not kept, and the one it replaces is dropped all
// the same.
func (c *Cache[T]) Add(_ context.Context, key string, value T) {
	weight := c.weigh(key, value)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.remove(el)
	}
	if weight > c.maxBytes {
		return
	}
	c.byKey[key] = c.order.PushFront(&entry[T]{key: key, value: value, weight: weight})
	c.bytes += weight
	for c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

// Purge drops every entry.
func (c *Cache[T]) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.byKey)
	c.bytes = 0
}

// Bytes is the weight of the entries kept, never more than the budget.
func (c *Cache[T]) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// Len is the number of entries kept.
func (c *Cache[T]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

func (c *Cache[T]) remove(el *list.Element) {
	e := c.order.Remove(el).(*entry[T])
	delete(c.byKey, e.key)
	c.bytes -= e.weight
}
