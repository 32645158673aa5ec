package graph

import (
	"container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// byteCache is a least-recently-used cache bounded by the bytes its entries hold, as weighed by weigh, rather
// than by their number: a few large documents cannot fill memory. An entry heavier than the whole budget is not
// kept. It satisfies gqlgen's graphql.Cache and is safe for concurrent use.
type byteCache[T any] struct {
	maxBytes int
	weigh    func(key string, value T) int

	mu    sync.Mutex
	bytes int
	order *list.List // of *cacheEntry[T], most recently used first
	byKey map[string]*list.Element
}

type cacheEntry[T any] struct {
	key    string
	value  T
	weight int
}

var _ graphql.Cache[string] = (*byteCache[string])(nil)

func newByteCache[T any](maxBytes int, weigh func(key string, value T) int) *byteCache[T] {
	return &byteCache[T]{maxBytes: maxBytes, weigh: weigh, order: list.New(), byKey: map[string]*list.Element{}}
}

// Get returns the value kept under key, marking it recently used.
func (c *byteCache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry[T]).value, true
	}
	var zero T
	return zero, false
}

// peek returns the value kept under key without marking it used: a look-up before the request is admitted, which
// may still refuse it, must not keep its entry from eviction.
func (c *byteCache[T]) peek(key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		return el.Value.(*cacheEntry[T]).value, true
	}
	var zero T
	return zero, false
}

// Add keeps value under key, dropping the least recently used entries until the cache is within its budget.
func (c *byteCache[T]) Add(_ context.Context, key string, value T) {
	weight := c.weigh(key, value)
	if weight > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.remove(el)
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry[T]{key: key, value: value, weight: weight})
	c.bytes += weight
	for c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *byteCache[T]) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry[T])
	delete(c.byKey, e.key)
	c.bytes -= e.weight
}

// parsedBytesPerToken is how many bytes of memory a parsed and validated document holds per token of its text,
// measured on the example queries and on documents of many short fields (TestParsedDocumentWeight keeps it
// honest). The parsed-query cache weighs a document by it.
const parsedBytesPerToken = 300

// parsedWeight is the memory a parsed document is counted for in the parsed-query cache.
func parsedWeight(query string, _ *ast.QueryDocument) int {
	return len(query) + countTokens(query, len(query))*parsedBytesPerToken
}
